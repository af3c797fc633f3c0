package cn.jiyuan.integrity.ingest.events;

import cn.jiyuan.integrity.ingest.debtors.DebtorListings;
import cn.jiyuan.integrity.ingest.publishing.Publisher;
import cn.jiyuan.integrity.ingest.units.UnitDirectory;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Decision;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.rights.Role;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.rules.validation.RecordCheck;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.problems.ProblemHandling;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.security.Callers;
import cn.jiyuan.integrity.support.web.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * History (第五条: the records of the zone's earlier credit platform since 2021) for operators (role OPERATOR), each
 * record with the instant that platform recorded it — in the past, never the future:
 *
 * <ul>
 *   <li>{@code POST /api/v1/history/units} {@code {"units": [{unitId, name, active, recordedAt}]}}: registrations as
 *       they changed; each goes to the registration history, and to the directory when it is the unit's latest.
 *   <li>{@code POST /api/v1/history/facts} {@code {"facts": [{…a fact…, providerOrg, recordedAt}]}}: each fact checked
 *       by the rules as its provider's report on that day would have been, and against retention today; idempotent by
 *       eventId (the same fact with the same recordedAt is 200, other content 409).
 *   <li>{@code POST /api/v1/history/listings}: debtor listings and shieldings (see {@link #listings}).
 * </ul>
 *
 * Up to 1,000 records a request, answered one by one. Every request is in the audit trail.
 */
@RestController
@RequestMapping("/api/v1/history")
class HistoryController {

    static final int MAX_RECORDS = 1000;

    private final FactIngest ingest;
    private final DebtorListings listings;
    private final Publisher publisher;
    private final UnitDirectory directory;
    private final Catalogs catalogs;
    private final Clock clock;

    HistoryController(
            FactIngest ingest,
            DebtorListings listings,
            Publisher publisher,
            UnitDirectory directory,
            Catalogs catalogs,
            Clock clock) {
        this.ingest = ingest;
        this.listings = listings;
        this.publisher = publisher;
        this.directory = directory;
        this.catalogs = catalogs;
        this.clock = clock;
    }

    record FactResults(List<FactResult> results) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UnitResult(String unitId, int status, Instant recordedAt, List<Violation> errors) {}

    record UnitResults(List<UnitResult> results) {}

    @PostMapping("/facts")
    Mono<FactResults> facts(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Caller operator = operator(jwt, now);
        JsonNode facts = list(body, "facts");
        List<JsonNode> events = new ArrayList<>(facts.size());
        List<FactIngest.Sender> senders = new ArrayList<>(facts.size());
        FactResult[] results = new FactResult[facts.size()];
        for (int i = 0; i < facts.size(); i++) {
            JsonNode fact = facts.get(i);
            List<Violation> violations = new ArrayList<>();
            String providerOrg = null;
            Instant recordedAt = null;
            if (fact instanceof ObjectNode object) {
                ObjectNode copy = object.deepCopy();
                providerOrg = org(copy.remove("providerOrg"), "the org that reported the fact", violations);
                recordedAt = instant(copy.remove("recordedAt"), now, violations);
                fact = copy;
            }
            events.add(fact);
            if (!violations.isEmpty()) {
                JsonNode id = fact.get("eventId");
                results[i] = FactResult.refused(
                        id != null && id.isString() ? id.asString() : null,
                        400,
                        "Invalid fact",
                        Refusal.describe(violations),
                        violations);
                senders.add(null);
            } else {
                // the fact's provider, or for a unit's own report (7.2, 7.4) the unit: the rules decide which
                Caller asReported = new Caller(operator.subject(), providerOrg, EnumSet.of(Role.PROVIDER, Role.UNIT));
                senders.add(new FactIngest.Sender(asReported, recordedAt, true));
            }
        }
        return ingest.ingest(events, senders, results, now).map(FactResults::new);
    }

    @PostMapping("/units")
    Mono<UnitResults> units(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Caller operator = operator(jwt, now);
        JsonNode units = list(body, "units");
        UnitResult[] results = new UnitResult[units.size()];
        List<UnitRegistration> valid = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            List<Violation> violations = new ArrayList<>();
            Json.Reader json = Json.read(units.get(i), violations, "unitId", "name", "active", "recordedAt");
            String unitId = json.text("unitId", true, 1000);
            if (unitId != null) {
                FactValidator.validateUnitId(unitId, "unitId", violations);
            }
            String name = json.text("name", true, RecordCheck.MAX_UNIT_NAME_LENGTH);
            Boolean active = json.bool("active", true);
            Instant recordedAt = instant(units.get(i).get("recordedAt"), now, violations);
            if (!violations.isEmpty()) {
                results[i] = new UnitResult(unitId, 400, recordedAt, violations);
                continue;
            }
            valid.add(new UnitRegistration(unitId, name.strip(), active, recordedAt, operator.subject()));
            positions.add(i);
        }
        // oldest first, so the directory ends with each unit's latest registration
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < valid.size(); k++) {
            order.add(k);
        }
        order.sort(Comparator.comparing(k -> valid.get(k).getRecordedAt()));
        return Flux.fromIterable(order)
                .concatMap(k -> register(valid.get(k)).thenReturn(k))
                .doOnNext(k -> {
                    UnitRegistration r = valid.get(k);
                    results[positions.get(k)] = new UnitResult(r.getUnitId(), 202, r.getRecordedAt(), null);
                })
                .then(Mono.fromSupplier(() -> new UnitResults(List.of(results))));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ListingResult(
            String listingId,
            String caseNumber,
            int status,
            Instant recordedAt,
            String detail,
            List<Violation> errors) {}

    record ListingResults(List<ListingResult> results) {}

    /**
     * {@code POST /api/v1/history/listings} {@code {"listings": [{caseNumber, unitId, status, providerOrg,
     * recordedAt}]}}: courts' listings and shieldings as the earlier platform recorded them, checked as the court's own
     * would have been; one listing per unit, case and status (again: 200 with the first answer).
     */
    @PostMapping("/listings")
    Mono<ListingResults> listings(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Caller operator = operator(jwt, now);
        JsonNode list = list(body, "listings");
        List<Mono<ListingResult>> answers = new ArrayList<>();
        for (JsonNode node : list) {
            List<Violation> violations = new ArrayList<>();
            DebtorListings.Request request = DebtorListings.read(node, violations, "providerOrg", "recordedAt");
            String providerOrg = org(node.get("providerOrg"), "the court that listed the unit", violations);
            Instant recordedAt = instant(node.get("recordedAt"), now, violations);
            JsonNode caseNumber = node.get("caseNumber");
            String caseText = caseNumber != null && caseNumber.isString() ? caseNumber.asString() : null;
            if (!violations.isEmpty() || request == null) {
                answers.add(Mono.just(new ListingResult(null, caseText, 400, null, null, violations)));
                continue;
            }
            Caller court = new Caller(operator.subject(), providerOrg, EnumSet.of(Role.PROVIDER));
            Decision allowed = new Rights(catalogs.inForce(ChinaTime.dateOf(recordedAt))).submitDebtorListing(court);
            if (allowed.denied()) {
                answers.add(Mono.just(new ListingResult(null, caseText, 403, null, allowed.reason(), null)));
                continue;
            }
            answers.add(listings.record(request, providerOrg, operator.subject(), recordedAt, false)
                    .map(r -> new ListingResult(
                            r.listingId(), request.caseNumber(), r.first() ? 202 : 200, r.recordedAt(), null, null))
                    .onErrorResume(
                            Refusal.class,
                            e -> Mono.just(new ListingResult(
                                    null,
                                    request.caseNumber(),
                                    ProblemHandling.status(e.kind()).value(),
                                    null,
                                    e.detail(),
                                    null))));
        }
        return Flux.concat(answers).collectList().map(ListingResults::new);
    }

    /** The history first (as live registrations are); the directory only when this is the unit's latest change. */
    private Mono<Void> register(UnitRegistration r) {
        Mono<Void> history = publisher.publish(IntegrityTopics.UNIT_REGISTRATIONS, r.getUnitId(), r);
        boolean latest = directory
                .find(r.getUnitId())
                .map(current -> current.getRecordedAt().isBefore(r.getRecordedAt()))
                .orElse(true);
        if (!latest) {
            return history;
        }
        return history.then(publisher.publish(IntegrityTopics.UNITS, r.getUnitId(), r))
                .then(Mono.fromRunnable(() -> directory.apply(r)));
    }

    private Caller operator(Jwt jwt, Instant now) {
        Caller caller = Callers.of(jwt);
        Decision d = new Rights(catalogs.inForce(ChinaTime.dateOf(now))).importHistory(caller);
        if (d.denied()) {
            throw Refusal.forbidden(d.reason());
        }
        return caller;
    }

    private static JsonNode list(JsonNode body, String field) {
        List<Violation> violations = new ArrayList<>();
        JsonNode list = Json.read(body, violations, field).array(field, MAX_RECORDS);
        if (list == null && violations.isEmpty()) {
            violations.add(new Violation(field, "is required"));
        } else if (list != null && list.isEmpty()) {
            violations.add(new Violation(field, "must hold at least one record"));
        }
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations);
        }
        return list;
    }

    /** The org a record came from; required. */
    private static String org(JsonNode org, String what, List<Violation> violations) {
        if (org != null && org.isString() && !org.asString().isBlank()) {
            return org.asString();
        }
        violations.add(new Violation("providerOrg", "is required: " + what));
        return null;
    }

    /** A recording instant of the past: ISO-8601, not after now, not before 2021-01-01 (China time). */
    private static Instant instant(JsonNode at, Instant now, List<Violation> violations) {
        if (at == null || at.isNull()) {
            violations.add(new Violation("recordedAt", "is required: when the earlier platform recorded it"));
            return null;
        }
        Instant instant;
        try {
            instant = at.isString() ? Instant.parse(at.asString()) : null;
        } catch (DateTimeParseException e) {
            instant = null;
        }
        if (instant == null) {
            violations.add(new Violation("recordedAt", "must be an instant like 2024-03-14T02:30:00Z"));
            return null;
        }
        instant = instant.truncatedTo(ChronoUnit.MILLIS);
        if (instant.isAfter(now)) {
            violations.add(new Violation("recordedAt", "is in the future: history is recorded in the past"));
            return null;
        }
        if (ChinaTime.dateOf(instant).isBefore(ChinaTime.FIRST_ACCEPTED_DAY)) {
            violations.add(new Violation("recordedAt", "is before " + ChinaTime.FIRST_ACCEPTED_DAY + " (第十五条)"));
            return null;
        }
        return instant;
    }
}

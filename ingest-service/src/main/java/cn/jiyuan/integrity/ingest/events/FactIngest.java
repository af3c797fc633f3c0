package cn.jiyuan.integrity.ingest.events;

import cn.jiyuan.integrity.ingest.persons.PersonKeys;
import cn.jiyuan.integrity.ingest.publishing.Publisher;
import cn.jiyuan.integrity.ingest.units.UnitDirectory;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Decision;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.validation.FactSubmission;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.persons.PersonSeal;
import cn.jiyuan.integrity.support.refusals.Refusal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Takes facts in, one or a batch at a time, and answers each in order.
 *
 * <p>Per fact: rights (403), validation (400), the unit (404), then a claim of the eventId in PostgreSQL fixing
 * recordedAt, late and deadline — or the claim that already stands (same content: 200 with the first answer; other
 * content: 409) — then the data key of its persons in the key store, then the record, persons sealed, to Kafka with
 * acks=all; 2xx only after the broker's acknowledgement. Every accepted
 * answer, first or repeated, follows a send of the claim's record, so whatever crashed before is completed by the
 * retry, with an identical record.
 */
@Service
class FactIngest {

    private final Catalogs catalogs;
    private final FactValidator validator;
    private final WorkdayCalendar calendar;
    private final UnitDirectory units;
    private final FactClaims claims;
    private final Publisher publisher;
    private final PersonKeys personKeys;
    private final Clock clock;

    FactIngest(
            Catalogs catalogs,
            FactValidator validator,
            WorkdayCalendar calendar,
            UnitDirectory units,
            FactClaims claims,
            Publisher publisher,
            PersonKeys personKeys,
            Clock clock) {
        this.catalogs = catalogs;
        this.validator = validator;
        this.calendar = calendar;
        this.units = units;
        this.claims = claims;
        this.publisher = publisher;
        this.personKeys = personKeys;
        this.clock = clock;
    }

    /**
     * Who a fact is recorded as coming from, and when: the caller, now — or, for imported history (第五条), its
     * provider at the instant the earlier platform recorded it.
     */
    record Sender(Caller caller, Instant recordedAt, boolean history) {}

    /** A fact that passed rights and validation, waiting for idempotency and the unit check. */
    private record Candidate(
            int index, UUID eventId, FactSubmission submission, String hash, Sender sender, String catalogVersion) {}

    /** Every claim standing for the batch's eventIds, and which of them this call made. */
    private record Claimed(Map<UUID, Claim> all, Set<UUID> won) {}

    Mono<List<FactResult>> ingest(List<JsonNode> events, Caller caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Sender sender = new Sender(caller, now, false);
        List<Sender> senders = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            senders.add(sender);
        }
        return ingest(events, senders, new FactResult[events.size()], now);
    }

    /**
     * Facts as they are and were recorded, each from its sender: a fact whose sender is null already has its answer in
     * {@code results}.
     */
    Mono<List<FactResult>> ingest(List<JsonNode> events, List<Sender> senders, FactResult[] results, Instant now) {
        LocalDate today = ChinaTime.dateOf(now);
        Map<LocalDate, Rights> rightsByDay = new HashMap<>();
        Map<UUID, Candidate> firsts = new LinkedHashMap<>();
        Map<Integer, Candidate> repeats = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Sender sender = senders.get(i);
            if (sender == null) {
                continue;
            }
            LocalDate day = ChinaTime.dateOf(sender.recordedAt());
            Catalog catalog = catalogs.inForce(day);
            Rights rights = rightsByDay.computeIfAbsent(day, d -> new Rights(catalog));
            Candidate c = check(i, events.get(i), sender, catalog, rights, today, results);
            if (c == null) {
                continue;
            }
            Candidate first = firsts.putIfAbsent(c.eventId(), c);
            if (first != null) {
                repeats.put(i, c); // the same eventId earlier in this batch: answered like a retry of it
            }
        }
        if (firsts.isEmpty()) {
            return Mono.just(List.of(results));
        }
        return claim(firsts)
                .flatMap(claimed -> publish(firsts, claimed).thenReturn(claimed))
                .map(claimed -> {
                    for (Candidate c : firsts.values()) {
                        results[c.index()] = answer(c, claimed);
                    }
                    repeats.forEach((i, c) -> {
                        FactResult first = results[firsts.get(c.eventId()).index()];
                        Claim claim = claimed.all().get(c.eventId());
                        results[i] = claim != null && claim.contentHash().equals(c.hash()) && first.isAccepted()
                                ? FactResult.accepted(claim, 200, provisional(claim))
                                : conflictOr(first, c);
                    });
                    return List.of(results);
                });
    }

    /**
     * Rights, then validation — as on the day the fact is recorded, and for history also against retention today.
     * Null, with the refusal in {@code results}, when the fact goes no further.
     */
    private Candidate check(
            int i,
            JsonNode event,
            Sender sender,
            Catalog catalog,
            Rights rights,
            LocalDate today,
            FactResult[] results) {
        Caller caller = sender.caller();
        FactParser.Parsed parsed = FactParser.parse(event);
        FactSubmission s = parsed.submission();
        Optional<Indicator> indicator = s.indicator() == null ? Optional.empty() : catalog.indicator(s.indicator());
        if (indicator.isPresent() && s.unitId() != null) {
            Decision d = rights.submitFact(caller, indicator.get(), s.unitId());
            if (d.denied()) {
                results[i] = FactResult.refused(s.eventId(), 403, "Forbidden", d.reason(), List.of());
                return null;
            }
        } else if (rights.reportFacts(caller).denied()) {
            results[i] = FactResult.refused(
                    s.eventId(), 403, "Forbidden", rights.reportFacts(caller).reason(), List.of());
            return null;
        }
        List<Violation> violations = new ArrayList<>(parsed.violations());
        Set<String> typeErrors = new LinkedHashSet<>();
        parsed.violations().forEach(v -> typeErrors.add(v.field()));
        validator.validate(s, ChinaTime.dateOf(sender.recordedAt())).stream()
                .filter(v -> !typeErrors.contains(v.field())) // "is required" after "must be a date" says nothing new
                .forEach(violations::add);
        if (sender.history()
                && s.occurredOn() != null
                && violations.isEmpty()
                && Window.beyondRetention(s.occurredOn(), today)) {
            violations.add(new Violation(
                    "occurredOn", "is beyond retention today (on or before " + Window.retentionLimit(today) + ")"));
        }
        if (!violations.isEmpty()) {
            results[i] = FactResult.refused(s.eventId(), 400, "Invalid fact", Refusal.describe(violations), violations);
            return null;
        }
        // an imported fact is the same fact only with the same recording instant
        String hash = ContentHash.of(s, caller.org()) + (sender.history() ? "@" + sender.recordedAt() : "");
        return new Candidate(i, UUID.fromString(s.eventId()), s, hash, sender, catalog.version());
    }

    /**
     * Claims, in one statement, the eventIds of facts about active units (for history: registered ones); then reads
     * the claims that stood before (a retry, a concurrent request, or a fact about a unit since deactivated). Returns
     * every claim standing for the batch's eventIds and which of them this call made. A fact with no claim at the end
     * is about an unknown or inactive unit.
     */
    private Mono<Claimed> claim(Map<UUID, Candidate> firsts) {
        List<Claim> fresh = new ArrayList<>();
        List<UUID> lookUp = new ArrayList<>();
        for (Candidate c : firsts.values()) {
            Sender sender = c.sender();
            if (sender.history()
                    ? units.find(c.submission().unitId()).isEmpty()
                    : !activeUnit(c.submission().unitId())) {
                lookUp.add(c.eventId());
                continue;
            }
            LocalDate deadline = calendar.reportingDeadline(c.submission().occurredOn());
            boolean late = ChinaTime.dateOf(sender.recordedAt()).isAfter(deadline);
            fresh.add(new Claim(
                    c.eventId(),
                    c.hash(),
                    c.submission().unitId(),
                    sender.caller().org(),
                    sender.caller().subject(),
                    c.catalogVersion(),
                    sender.recordedAt(),
                    late,
                    deadline,
                    c.submission().occurredOn()));
        }
        Map<UUID, Claim> all = new HashMap<>();
        return claims.claim(fresh).collectList().flatMap(won -> {
            Set<UUID> wonSet = Set.copyOf(won);
            for (Claim c : fresh) {
                if (wonSet.contains(c.eventId())) {
                    all.put(c.eventId(), c);
                } else {
                    lookUp.add(c.eventId()); // claimed before: a retry, or a concurrent request
                }
            }
            return claims.find(lookUp)
                    .doOnNext(c -> all.put(c.eventId(), c))
                    .then(Mono.fromSupplier(() -> new Claimed(all, wonSet)));
        });
    }

    private boolean activeUnit(String unitId) {
        return units.find(unitId).map(UnitRegistration::getActive).orElse(false);
    }

    /**
     * Sends the record of every claim that stands for this content: the new ones, and on a retry the same record again
     * (the first attempt may have been lost in a crash; if it was not, consumers drop the duplicate by eventId).
     */
    private Mono<Void> publish(Map<UUID, Candidate> firsts, Claimed claimed) {
        List<Candidate> standing = new ArrayList<>();
        Map<UUID, LocalDate> naming = new HashMap<>();
        for (Candidate c : firsts.values()) {
            Claim claim = claimed.all().get(c.eventId());
            if (claim != null && claim.contentHash().equals(c.hash())) {
                standing.add(c);
                if (c.submission().persons() != null
                        && !c.submission().persons().isEmpty()) {
                    naming.put(c.eventId(), c.submission().occurredOn());
                }
            }
        }
        // the key is stored before the record that needs it is sent
        return personKeys.keysFor(naming).flatMap(keys -> {
            List<Publisher.Message> messages = new ArrayList<>();
            for (Candidate c : standing) {
                Claim claim = claimed.all().get(c.eventId());
                messages.add(new Publisher.Message(
                        IntegrityTopics.CREDIT_EVENTS,
                        claim.unitId(),
                        record(c.submission(), claim, keys.get(c.eventId()))));
            }
            return publisher.publishAll(messages);
        });
    }

    private FactResult answer(Candidate c, Claimed claimed) {
        Claim claim = claimed.all().get(c.eventId());
        if (claim == null) {
            String unit = c.submission().unitId();
            String why = units.find(unit).isPresent()
                    ? "unit " + unit + " is not active"
                    : "unit " + unit + " is not registered";
            return FactResult.refused(c.eventId().toString(), 404, "Not found", why, List.of());
        }
        if (!claim.contentHash().equals(c.hash())) {
            return FactResult.refused(
                    c.eventId().toString(),
                    409,
                    "Conflict",
                    "eventId " + c.eventId() + " was already used for a different fact",
                    List.of());
        }
        return FactResult.accepted(claim, claimed.won().contains(c.eventId()) ? 202 : 200, provisional(claim));
    }

    private static FactResult conflictOr(FactResult first, Candidate c) {
        if (!first.isAccepted()) {
            return FactResult.refused(c.eventId().toString(), first.status(), first.title(), first.detail(), List.of());
        }
        return FactResult.refused(
                c.eventId().toString(),
                409,
                "Conflict",
                "eventId " + c.eventId() + " appears earlier in this batch with a different fact",
                List.of());
    }

    /** The record of a fact; its persons sealed under the fact's key (SCORING.md §2), never in clear. */
    private static CreditFact record(FactSubmission s, Claim claim, byte[] personKey) {
        return CreditFact.newBuilder()
                .setEventId(claim.eventId().toString())
                .setUnitId(claim.unitId())
                .setIndicator(s.indicator())
                .setOutcome(s.outcome())
                .setPoints(s.points() == null ? null : s.points().setScale(2, RoundingMode.UNNECESSARY))
                .setPeriod(s.period())
                .setOccurredOn(s.occurredOn())
                .setReference(s.reference())
                .setSummary(s.summary())
                .setPersons(List.of())
                .setSealedPersons(
                        personKey == null
                                ? null
                                : PersonSeal.seal(claim.eventId().toString(), s.persons(), personKey))
                .setRecordedAt(claim.recordedAt())
                .setProviderOrg(claim.providerOrg())
                .setSubmittedBy(claim.submittedBy())
                .setLate(claim.late())
                .setDeadline(claim.deadline())
                .setCatalogVersion(claim.catalogVersion())
                .build();
    }

    /** SCORING.md §2: a deadline counted through a year without the State Council's notice is flagged. */
    private boolean provisional(Claim claim) {
        return calendar.onFallback(claim.occurredOn(), claim.deadline());
    }
}

package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.query.audit.AuditLog;
import cn.jiyuan.integrity.query.reporting.ConsultationRegister;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.reporting.ConsultationDuty;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Purpose;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.web.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * 第十三条 (docs/api-tour.md "第十三条"): the credit office's register of which department is to consult the results for which
 * purpose, and the report of a year — expected consultations against the reads the audit trail recorded.
 */
@RestController
class ConsultationsController {

    static final int MAX_NOTE = 500;

    private final ConsultationRegister register;
    private final AuditLog audit;
    private final Access access;
    private final Catalogs catalogs;
    private final Clock clock;

    ConsultationsController(
            ConsultationRegister register, AuditLog audit, Access access, Catalogs catalogs, Clock clock) {
        this.register = register;
        this.audit = audit;
        this.access = access;
        this.catalogs = catalogs;
        this.clock = clock;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DutyView(
            String org,
            String name,
            Purpose purpose,
            LocalDate validFrom,
            LocalDate validUntil,
            int minimumReads,
            String note,
            String registeredBy,
            Instant registeredAt,
            String endedBy,
            Instant endedAt) {}

    record RegisterView(List<DutyView> duties) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConsultationView(
            String org,
            String name,
            Purpose purpose,
            LocalDate from,
            LocalDate to,
            int minimumReads,
            long reads,
            boolean consulted) {}

    record ReportView(int year, LocalDate asOf, int expected, int consulted, List<ConsultationView> duties) {}

    @GetMapping("/api/v1/consultation-duties")
    Mono<RegisterView> list(@AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Access.require(access.rights().keepConsultationRegister(caller));
        return register.all()
                .map(all -> new RegisterView(all.stream().map(this::view).toList()));
    }

    /** Registers (or replaces from {@code validFrom}, default today) the duty of {@code org} for {@code purpose}. */
    @PutMapping("/api/v1/consultation-duties/{org}/{purpose}")
    Mono<ResponseEntity<DutyView>> put(
            @PathVariable String org,
            @PathVariable String purpose,
            @RequestBody(required = false) JsonNode body,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Access.require(access.rights().keepConsultationRegister(caller));
        List<Violation> violations = new ArrayList<>();
        Purpose p = purpose(purpose, violations);
        org(org, violations);
        LocalDate today = today();
        LocalDate validFrom = today;
        int minimum = ConsultationDuty.DEFAULT_MINIMUM_READS;
        String note = null;
        if (body != null && !body.isNull()) {
            Json.Reader json = Json.read(body, violations, "validFrom", "minimumReads", "note");
            LocalDate from = json.date("validFrom", false);
            if (from != null) {
                if (from.isBefore(ChinaTime.FIRST_ACCEPTED_DAY)) {
                    violations.add(new Violation("validFrom", "must be on or after " + ChinaTime.FIRST_ACCEPTED_DAY));
                }
                validFrom = from;
            }
            BigDecimal given = json.decimal("minimumReads");
            if (given != null) {
                if (given.stripTrailingZeros().scale() > 0
                        || given.compareTo(BigDecimal.ONE) < 0
                        || given.compareTo(BigDecimal.valueOf(100_000)) > 0) {
                    violations.add(new Violation("minimumReads", "must be a whole number from 1 to 100000"));
                } else {
                    minimum = given.intValue();
                }
            }
            note = json.freeText("note", false, MAX_NOTE);
        }
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations);
        }
        return register.register(
                        new ConsultationDuty(org, p, validFrom, null, minimum), note, caller.subject(), clock.instant())
                .map(e -> ResponseEntity.status(HttpStatus.CREATED).body(view(e)));
    }

    /** Ends the duty in force: its last day is today. */
    @DeleteMapping("/api/v1/consultation-duties/{org}/{purpose}")
    Mono<DutyView> end(
            @PathVariable String org,
            @PathVariable String purpose,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Access.require(access.rights().keepConsultationRegister(caller));
        List<Violation> violations = new ArrayList<>();
        Purpose p = purpose(purpose, violations);
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations);
        }
        return register.end(org, p, today(), caller.subject(), clock.instant())
                .switchIfEmpty(Mono.error(Refusal.notFound("no duty of " + org + " for " + p + " is in force")))
                .map(this::view);
    }

    /** The year's duties (default this year), each with the answered reads of its org and purpose while in force. */
    @GetMapping("/api/v1/reports/consultations")
    Mono<ReportView> report(
            @RequestParam(required = false) String year, @AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Access.require(access.rights().keepConsultationRegister(caller));
        LocalDate today = today();
        int y = Years.parse(year, today);
        return register.all()
                .flatMapMany(Flux::fromIterable)
                .concatMap(entry -> entry.duty()
                        .daysIn(y, today)
                        .map(days -> audit.consumerReads(
                                        entry.duty().org(),
                                        entry.duty().purpose().name(),
                                        days[0].atStartOfDay(ChinaTime.ZONE).toInstant(),
                                        days[1].plusDays(1)
                                                .atStartOfDay(ChinaTime.ZONE)
                                                .toInstant())
                                .map(reads -> new ConsultationView(
                                        entry.duty().org(),
                                        name(entry.duty().org()),
                                        entry.duty().purpose(),
                                        days[0],
                                        days[1],
                                        entry.duty().minimumReads(),
                                        reads,
                                        entry.duty().metBy(reads))))
                        .orElse(Mono.empty()))
                .collectList()
                .map(duties -> new ReportView(
                        y,
                        today,
                        duties.size(),
                        (int) duties.stream()
                                .filter(ConsultationView::consulted)
                                .count(),
                        duties));
    }

    private DutyView view(ConsultationRegister.Entry e) {
        ConsultationDuty d = e.duty();
        return new DutyView(
                d.org(),
                name(d.org()),
                d.purpose(),
                d.validFrom(),
                d.validUntil(),
                d.minimumReads(),
                e.note(),
                e.registeredBy(),
                e.registeredAt(),
                e.endedBy(),
                e.endedAt());
    }

    /** The Chinese name of a catalog organisation, null for another department. */
    private String name(String org) {
        return catalogs.inForce(today()).organisations().get(org);
    }

    private LocalDate today() {
        return ChinaTime.dateOf(clock.instant());
    }

    /** An organisation code as tokens carry it; consulting departments need not be providers of the catalog. */
    private static void org(String org, List<Violation> violations) {
        if (!ORG_CODE.matcher(org).matches()) {
            violations.add(new Violation("org", "must be an organisation code: capital letters and digits, 2 to 32"));
        }
    }

    private static final Pattern ORG_CODE = Pattern.compile("[A-Z][A-Z0-9]{1,31}");

    private static Purpose purpose(String purpose, List<Violation> violations) {
        return Purpose.parse(purpose).orElseGet(() -> {
            violations.add(new Violation("purpose", "must be one of the eight purposes of 第十条"));
            return null;
        });
    }
}

package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.query.audit.AuditLog;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Purpose;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.support.refusals.Refusal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The audit log for the credit office: the reads, and per consuming org and purpose how many in a year (第十三条). */
@RestController
class AuditController {

    static final int MAX_LIMIT = 10_000;

    private final AuditLog log;
    private final Access access;

    AuditController(AuditLog log, Access access) {
        this.log = log;
        this.access = access;
    }

    record AuditView(List<AuditLog.Entry> entries) {}

    record SummaryView(int year, List<AuditLog.Count> counts) {}

    /** {@code from}/{@code to}: China dates, both included. */
    @GetMapping("/api/v1/audit")
    Mono<AuditView> list(
            @RequestParam(required = false) String org,
            @RequestParam(required = false) String purpose,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false, defaultValue = "1000") String limit,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Access.require(access.rights().readAudit(caller));
        List<Violation> violations = new ArrayList<>();
        if (purpose != null && Purpose.parse(purpose).isEmpty()) {
            violations.add(new Violation("purpose", "must be one of the eight purposes of 第十条"));
        }
        LocalDate fromDate = date(from, "from", violations);
        LocalDate toDate = date(to, "to", violations);
        int max = -1;
        try {
            max = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            // reported below
        }
        if (max < 1 || max > MAX_LIMIT) {
            violations.add(new Violation("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        }
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations);
        }
        return log.list(org, purpose, start(fromDate), toDate == null ? null : start(toDate.plusDays(1)), max)
                .collectList()
                .map(AuditView::new);
    }

    @GetMapping("/api/v1/audit/summary")
    Mono<SummaryView> summary(@RequestParam String year, @AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Access.require(access.rights().readAudit(caller));
        int y;
        try {
            y = Integer.parseInt(year);
        } catch (NumberFormatException e) {
            throw Refusal.invalid("year", "must be a year like 2026");
        }
        if (y < 2021 || y > 9999) {
            throw Refusal.invalid("year", "must be 2021 or later");
        }
        return log.consumerCounts(start(LocalDate.of(y, 1, 1)), start(LocalDate.of(y + 1, 1, 1)))
                .collectList()
                .map(counts -> new SummaryView(y, counts));
    }

    private static LocalDate date(String value, String field, List<Violation> violations) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "must be a date like 2026-01-31"));
            return null;
        }
    }

    private static Instant start(LocalDate date) {
        return date == null ? null : date.atStartOfDay(ChinaTime.ZONE).toInstant();
    }
}

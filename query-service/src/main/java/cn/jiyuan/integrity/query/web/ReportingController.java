package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.query.reporting.ReportingReports;
import cn.jiyuan.integrity.query.reporting.ReportingWorkbook;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.retention.RetentionGate;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * 第十二条 (docs/api-tour.md "第十二条"): who reported late, and what periodic information never arrived — as JSON and XLSX. The
 * credit office reads every provider's; a provider its own (without {@code providerOrg}, its own is meant).
 */
@RestController
class ReportingController {

    private final ReportingReports reports;
    private final Access access;
    private final Catalogs catalogs;
    private final Clock clock;
    private final RetentionGate retention;

    ReportingController(
            ReportingReports reports, Access access, Catalogs catalogs, Clock clock, RetentionGate retention) {
        this.reports = reports;
        this.retention = retention;
        this.access = access;
        this.catalogs = catalogs;
        this.clock = clock;
    }

    record TimelinessView(LocalDate from, LocalDate to, List<ReportingReports.ProviderTimeliness> providers) {}

    record MissingView(int year, LocalDate asOf, List<ReportingReports.ProviderMissing> providers) {}

    /** Facts recorded from {@code from} (default January 1) to {@code to} (default today), late ones by how late. */
    @GetMapping("/api/v1/reports/late")
    Mono<TimelinessView> late(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String providerOrg,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        String provider = provider(caller, providerOrg);
        LocalDate[] period = period(from, to);
        // counts facts, so not one that left retention at midnight
        return retention
                .awaitTodaysPurge()
                .then(Mono.fromCallable(() -> new TimelinessView(
                                period[0], period[1], reports.timeliness(period[0], period[1], provider)))
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    @GetMapping("/api/v1/reports/late.xlsx")
    Mono<ResponseEntity<byte[]>> lateWorkbook(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String providerOrg,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        return late(from, to, providerOrg, jwt, exchange)
                .map(v -> file(
                        ReportingWorkbook.timeliness(v.from(), v.to(), v.providers()),
                        "late-" + v.from() + "-" + v.to() + ".xlsx"));
    }

    /** The assessments of {@code year} (default this year) owed for periods closed by today and never sent. */
    @GetMapping("/api/v1/reports/missing")
    Mono<MissingView> missing(
            @RequestParam(required = false) String year,
            @RequestParam(required = false) String providerOrg,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        String provider = provider(caller, providerOrg);
        LocalDate today = ChinaTime.dateOf(clock.instant());
        int y = Years.parse(year, today);
        return Mono.fromCallable(() -> new MissingView(y, today, reports.missing(y, today, provider)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/api/v1/reports/missing.xlsx")
    Mono<ResponseEntity<byte[]>> missingWorkbook(
            @RequestParam(required = false) String year,
            @RequestParam(required = false) String providerOrg,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        return missing(year, providerOrg, jwt, exchange)
                .map(v -> file(
                        ReportingWorkbook.missing(v.year(), v.asOf(), v.providers()),
                        "missing-" + v.year() + "-asof-" + v.asOf() + ".xlsx"));
    }

    /** Whose report is asked for (a provider's own when it names none), if the caller may read it. */
    private String provider(Caller caller, String providerOrg) {
        String provider = providerOrg == null ? access.rights().ownReportingOrg(caller) : providerOrg;
        if (provider != null
                && !catalogs.inForce(ChinaTime.dateOf(clock.instant())).isKnownOrganisation(provider)) {
            throw Refusal.invalid("providerOrg", "is no organisation of the catalog: " + provider);
        }
        Access.require(access.rights().readReportingReport(caller, provider));
        return provider;
    }

    private LocalDate[] period(String from, String to) {
        LocalDate today = ChinaTime.dateOf(clock.instant());
        List<Violation> violations = new ArrayList<>();
        LocalDate end = to == null ? today : date(to, "to", violations);
        LocalDate start = from == null ? (end == null ? today : end).withDayOfYear(1) : date(from, "from", violations);
        if (violations.isEmpty() && start.isAfter(end)) {
            violations.add(new Violation("from", "must not be after to (" + end + ")"));
        }
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations);
        }
        return new LocalDate[] {start, end};
    }

    private static LocalDate date(String value, String field, List<Violation> violations) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "must be a date like 2025-03-14"));
            return null;
        }
    }

    private static ResponseEntity<byte[]> file(byte[] body, String name) {
        return ResponseEntity.ok()
                .contentType(OfficialExportsController.XLSX)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(body);
    }
}

package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.query.model.UnitHistory;
import cn.jiyuan.integrity.query.official.OfficialResults;
import cn.jiyuan.integrity.query.official.ResultReports;
import cn.jiyuan.integrity.query.official.ResultWorkbook;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.evaluation.OfficialUnit;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.retention.RetentionGate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An official result as files to hand over (issue 16): the year as XLSX and as a PDF report, a unit's 信用评价报告 as
 * PDF. Read as the result itself is ({@link OfficialReading}); drawn off the event loop.
 */
@RestController
class OfficialExportsController {

    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final OfficialReading reading;
    private final OfficialResults store;
    private final ReadModel model;
    private final Catalogs catalogs;
    private final Access access;
    private final RetentionGate retention;

    OfficialExportsController(
            OfficialReading reading,
            OfficialResults store,
            ReadModel model,
            Catalogs catalogs,
            Access access,
            RetentionGate retention) {
        this.reading = reading;
        this.retention = retention;
        this.store = store;
        this.model = model;
        this.catalogs = catalogs;
        this.access = access;
    }

    @GetMapping("/api/v1/evaluations/{year}/result.xlsx")
    Mono<ResponseEntity<byte[]>> workbook(
            @PathVariable String year,
            @RequestParam(required = false) String version,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        return wholeResult(
                access.caller(jwt, exchange),
                year,
                version,
                XLSX,
                ".xlsx",
                (r, units) -> ResultWorkbook.of(
                        r.version(), units, catalogs.inForce(r.version().asOf())));
    }

    @GetMapping("/api/v1/evaluations/{year}/report.pdf")
    Mono<ResponseEntity<byte[]>> report(
            @PathVariable String year,
            @RequestParam(required = false) String version,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        return wholeResult(
                access.caller(jwt, exchange),
                year,
                version,
                MediaType.APPLICATION_PDF,
                ".pdf",
                (r, units) -> ResultReports.year(r.version(), r.status(), units));
    }

    /** A file made of a whole version's units, off the event loop, named after the year and the version. */
    private Mono<ResponseEntity<byte[]>> wholeResult(
            Caller caller,
            String year,
            String version,
            MediaType type,
            String extension,
            BiFunction<OfficialReading.Resolved, List<OfficialUnit>, byte[]> make) {
        return reading.resolve(caller, OfficialResultsController.year(year), version, null)
                .flatMap(r -> store.units(r.version().year(), r.version().version())
                        .publishOn(Schedulers.boundedElastic())
                        .map(units -> file(
                                make.apply(r, units),
                                type,
                                "evaluation-" + r.version().year() + "-v"
                                        + r.version().version() + extension)));
    }

    @GetMapping("/api/v1/evaluations/{year}/units/{unitId}/report.pdf")
    Mono<ResponseEntity<byte[]>> unitReport(
            @PathVariable String year,
            @PathVariable String unitId,
            @RequestParam(required = false) String version,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        // lists the unit's facts still held, so not one that left retention at midnight
        return retention
                .awaitTodaysPurge()
                .then(Mono.defer(() -> reading.resolve(caller, OfficialResultsController.year(year), version, unitId)))
                .flatMap(r -> store.unit(r.version().year(), r.version().version(), unitId)
                        .switchIfEmpty(Mono.error(Refusal.notFound("unit " + unitId + " is not in version "
                                + r.version().version() + " of " + r.version().year())))
                        .publishOn(Schedulers.boundedElastic())
                        .map(u -> file(
                                ResultReports.unit(
                                        r.version(),
                                        r.status(),
                                        u,
                                        countedFacts(unitId),
                                        catalogs.inForce(r.version().asOf())),
                                MediaType.APPLICATION_PDF,
                                "evaluation-" + r.version().year() + "-v"
                                        + r.version().version() + "-" + unitId + ".pdf")));
    }

    /** The unit's credit facts still held (none past retention), by id. */
    private Map<String, CreditFact> countedFacts(String unitId) {
        Map<String, CreditFact> facts = new HashMap<>();
        UnitHistory history = model.unit(unitId);
        if (history != null) {
            for (Fact f : history.facts()) {
                if (f instanceof CreditFact c) {
                    facts.putIfAbsent(c.eventId(), c);
                }
            }
        }
        return facts;
    }

    private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String name) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(body);
    }
}

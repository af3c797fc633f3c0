package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.query.official.AnnualResults;
import cn.jiyuan.integrity.query.official.OfficialResults;
import cn.jiyuan.integrity.query.official.ResultVersion;
import cn.jiyuan.integrity.rules.evaluation.AnnualEvaluation;
import cn.jiyuan.integrity.rules.evaluation.OfficialUnit;
import cn.jiyuan.integrity.rules.evaluation.ResultChecksum;
import cn.jiyuan.integrity.rules.evaluation.ResultDiff;
import cn.jiyuan.integrity.rules.evaluation.ResultStatus;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.web.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Official annual results (第七条; docs/api-tour.md "The evaluation year"): the credit office freezes a date's evaluation as a
 * version of a year's result and publishes it (公示); a published result is read as scores are. Without
 * {@code version}, a year's result is its latest published version (for the credit office, before any is published,
 * its latest frozen one).
 */
@RestController
class OfficialResultsController {

    static final int MAX_NAME = 50;
    static final int MAX_REASON = 2000;

    private final AnnualResults annual;
    private final OfficialResults store;
    private final Access access;
    private final OfficialReading reading;

    OfficialResultsController(AnnualResults annual, OfficialResults store, Access access, OfficialReading reading) {
        this.annual = annual;
        this.store = store;
        this.access = access;
        this.reading = reading;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VersionView(
            int year,
            int version,
            LocalDate asOf,
            ResultStatus status,
            String checksum,
            int unitCount,
            String catalogVersion,
            Instant frozenAt,
            String frozenBy,
            String signedOffBy,
            String reason,
            Instant publishedAt,
            String publishedBy,
            Integer publicityWorkingDays,
            LocalDate publicityEndsOn,
            Boolean onTopic) {}

    record StandingView(String unitId, String name, BigDecimal score, String grade, int rank, boolean debtorListed) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResultView(VersionView result, List<StandingView> units, String nextCursor) {}

    record IndicatorView(String code, BigDecimal score, BigDecimal max) {}

    record UnitView(
            VersionView result,
            String unitId,
            String name,
            BigDecimal score,
            BigDecimal rawScore,
            String grade,
            int rank,
            boolean debtorListed,
            List<IndicatorView> indicators,
            List<String> factIds,
            String unitChecksum) {}

    record FrozenView(VersionView result, List<ResultDiff.Change> differences) {}

    record DiffView(int year, int from, int to, List<ResultDiff.Change> changes) {}

    record ListView(List<VersionView> evaluations) {}

    /** Freezes the evaluation of a date of {@code year} (body: asOf, signedOffBy, reason) as its next version. */
    @PostMapping("/api/v1/evaluations/{year}")
    Mono<ResponseEntity<FrozenView>> freeze(
            @PathVariable String year,
            @RequestBody JsonNode body,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Access.require(access.rights().keepOfficialResults(caller));
        int y = year(year);
        List<Violation> violations = new ArrayList<>();
        Json.Reader json = Json.read(body, violations, "asOf", "signedOffBy", "reason");
        LocalDate asOf = json.date("asOf", false);
        String signedOffBy = json.text("signedOffBy", true, MAX_NAME);
        String reason = json.freeText("reason", false, MAX_REASON);
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations);
        }
        return annual.freeze(y, asOf, caller.subject(), signedOffBy, reason)
                .map(f -> ResponseEntity.status(HttpStatus.CREATED)
                        .body(new FrozenView(
                                OfficialReading.view(f.version(), f.version().status(null, annual.today())),
                                f.differences())));
    }

    /** Publishes a version (body: publicityWorkingDays, default 5). */
    @PostMapping("/api/v1/evaluations/{year}/versions/{version}/publication")
    Mono<VersionView> publish(
            @PathVariable String year,
            @PathVariable String version,
            @RequestBody(required = false) JsonNode body,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Access.require(access.rights().keepOfficialResults(caller));
        int y = year(year);
        int v = version(version);
        List<Violation> violations = new ArrayList<>();
        int days = AnnualEvaluation.DEFAULT_PUBLICITY_WORKING_DAYS;
        if (body != null && !body.isNull()) {
            BigDecimal given =
                    Json.read(body, violations, "publicityWorkingDays").decimal("publicityWorkingDays");
            if (given != null) {
                if (given.stripTrailingZeros().scale() > 0 || given.abs().compareTo(BigDecimal.valueOf(1000)) > 0) {
                    violations.add(new Violation("publicityWorkingDays", "must be a whole number of working days"));
                } else {
                    days = given.intValue();
                }
            }
        }
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations);
        }
        return annual.publish(y, v, caller.subject(), days)
                .map(p -> OfficialReading.view(p, p.status(v, annual.today())));
    }

    /** The versions of every year (the credit office), or the published ones (consumers, units). */
    @GetMapping("/api/v1/evaluations")
    Mono<ListView> list(@AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        return store.versions(null).map(all -> {
            Map<Integer, Integer> latest = OfficialReading.latestPublished(all);
            List<VersionView> views = new ArrayList<>();
            for (ResultVersion v : all) {
                ResultStatus status = v.status(latest.get(v.year()), annual.today());
                if (access.rights().listsOfficialVersion(caller, status.published())) {
                    views.add(OfficialReading.view(v, status));
                }
            }
            return new ListView(views);
        });
    }

    /** A year's result: its version header and units best first (paged like rankings). */
    @GetMapping("/api/v1/evaluations/{year}")
    Mono<ResultView> result(
            @PathVariable String year,
            @RequestParam(required = false) String version,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Page page = Page.of(limit, cursor, null);
        return reading.resolve(caller, year(year), version, null)
                .flatMap(r -> store.units(r.version().year(), r.version().version())
                        .map(units -> {
                            Page.Slice<StandingView> slice = page.of(
                                    units.stream()
                                            .map(u -> new StandingView(
                                                    u.unitId(),
                                                    u.name(),
                                                    u.score(),
                                                    u.grade().name(),
                                                    u.rank(),
                                                    u.debtorListed()))
                                            .toList(),
                                    u -> String.format("%010d", u.rank()) + "|" + u.unitId());
                            return new ResultView(r.view(), slice.items(), slice.nextCursor());
                        }));
    }

    /** One unit of a year's result: its breakdown, the facts that counted, its line's checksum. */
    @GetMapping("/api/v1/evaluations/{year}/units/{unitId}")
    Mono<UnitView> unit(
            @PathVariable String year,
            @PathVariable String unitId,
            @RequestParam(required = false) String version,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        return reading.resolve(caller, year(year), version, unitId)
                .flatMap(r -> store.unit(r.version().year(), r.version().version(), unitId)
                        .switchIfEmpty(Mono.error(Refusal.notFound("unit " + unitId + " is not in version "
                                + r.version().version() + " of " + r.version().year()
                                + " (only units active on " + r.version().asOf() + " are evaluated)")))
                        .map(u -> unitView(r.view(), u)));
    }

    /** What changed between two versions of a year (the credit office, or published versions for readers of all). */
    @GetMapping("/api/v1/evaluations/{year}/diff")
    Mono<DiffView> diff(
            @PathVariable String year,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        int y = year(year);
        List<Violation> violations = new ArrayList<>();
        int a = required(from, "from", violations);
        int b = required(to, "to", violations);
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations);
        }
        return reading.resolve(caller, y, String.valueOf(a), null)
                .then(reading.resolve(caller, y, String.valueOf(b), null))
                .then(Mono.zip(store.units(y, a), store.units(y, b)))
                .map(t -> new DiffView(y, a, b, ResultDiff.between(t.getT1(), t.getT2())));
    }

    static UnitView unitView(VersionView result, OfficialUnit u) {
        return new UnitView(
                result,
                u.unitId(),
                u.name(),
                u.score(),
                u.rawScore(),
                u.grade().name(),
                u.rank(),
                u.debtorListed(),
                u.indicators().stream()
                        .map((IndicatorScore i) -> new IndicatorView(i.code(), i.score(), i.max()))
                        .toList(),
                u.factIds(),
                ResultChecksum.ofUnit(u));
    }

    static int year(String year) {
        try {
            int y = Integer.parseInt(year);
            if (y >= 2021 && y <= 9999) {
                return y;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw Refusal.invalid("year", "must be a year from 2021, like 2025");
    }

    static int version(String version) {
        try {
            int v = Integer.parseInt(version);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw Refusal.invalid("version", "must be a version number from 1");
    }

    private static int required(String value, String field, List<Violation> violations) {
        if (value == null) {
            violations.add(new Violation(field, "is required: a version number"));
            return 0;
        }
        try {
            int v = Integer.parseInt(value);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        violations.add(new Violation(field, "must be a version number from 1"));
        return 0;
    }
}

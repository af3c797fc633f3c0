package cn.jiyuan.integrity.console.web;

import cn.jiyuan.integrity.console.api.ApiRefusal;
import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.CatalogCache;
import cn.jiyuan.integrity.console.api.ConsoleUser;
import cn.jiyuan.integrity.console.api.ObjectionViews;
import cn.jiyuan.integrity.console.api.QueryViews;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import cn.jiyuan.integrity.console.api.YearViews;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 单位档案 (and a unit's 本单位): score, grade, rank, the 35 indicators by their 7 groups, the score month by month,
 * the facts with their status and provider, debtor listings, objections; a unit files an objection on a fact here.
 */
@Controller
class UnitFileController {

    /** How many months the score-over-time chart goes back. */
    static final int CHART_MONTHS = 24;

    private final ServiceApis apis;
    private final CatalogCache catalogs;

    UnitFileController(ServiceApis apis, CatalogCache catalogs) {
        this.apis = apis;
        this.catalogs = catalogs;
    }

    /** One indicator's line in the breakdown. */
    public record Line(QueryViews.Indicator indicator, QueryViews.IndicatorScore score) {}

    /** One of the 7 groups: its lines and totals. */
    public record Group(int number, String name, List<Line> lines, BigDecimal score, BigDecimal max) {}

    /** A point of the score-over-time chart. */
    record Point(LocalDate date, BigDecimal score, String grade) {}

    @GetMapping("/unit")
    String ownUnit(@AuthenticationPrincipal ConsoleUser user) {
        return "redirect:/units/" + user.org();
    }

    @GetMapping("/units/{unitId}")
    Mono<String> page(
            Caller caller,
            @PathVariable String unitId,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) String filed,
            Model model) {
        model.addAttribute("filed", filed);
        return render(caller, unitId, Dates.parseOrNull(asOf), model);
    }

    @PostMapping("/units/{unitId}/objections")
    Mono<String> fileObjection(Caller caller, @PathVariable String unitId, ServerWebExchange exchange, Model model) {
        return exchange.getFormData().flatMap(form -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("eventId", form.getFirst("eventId"));
            body.put("reason", form.getFirst("reason"));
            return apis.post(Service.OBJECTION, "/api/v1/objections", caller, body, ObjectionViews.Filed.class)
                    .map(f -> "redirect:/units/" + unitId + "?filed=" + f.objectionId())
                    .onErrorResume(ApiRefusal.Refused.class, e -> {
                        model.addAttribute("objectionRefusal", e.refusal());
                        model.addAttribute("objectionEventId", form.getFirst("eventId"));
                        model.addAttribute("objectionReason", form.getFirst("reason"));
                        return render(caller, unitId, null, model);
                    });
        });
    }

    /** The chart's data: the score at each month's end, from time travel (a month before registration is left out). */
    @GetMapping("/units/{unitId}/history.json")
    @ResponseBody
    Mono<ResponseEntity<List<Point>>> history(Caller caller, @PathVariable String unitId) {
        return score(caller, unitId, null).flatMap(today -> {
            YearMonth current = YearMonth.from(today.asOf());
            List<LocalDate> dates = new ArrayList<>();
            for (int i = CHART_MONTHS - 1; i >= 1; i--) {
                dates.add(current.minusMonths(i).atEndOfMonth());
            }
            return Flux.fromIterable(dates)
                    // two at a time: the query service computes at most two dates at once for one caller
                    .flatMapSequential(
                            d -> score(caller, unitId, d)
                                    .map(s -> new Point(d, s.score(), s.grade()))
                                    .onErrorResume(
                                            ApiRefusal.Refused.class,
                                            e -> e.refusal().status() == 404 ? Mono.empty() : Mono.error(e)),
                            2)
                    .concatWithValues(new Point(today.asOf(), today.score(), today.grade()))
                    .collectList()
                    .map(ResponseEntity::ok);
        });
    }

    private Mono<QueryViews.Score> score(Caller caller, String unitId, LocalDate asOf) {
        return apis.get(
                Service.QUERY,
                ServiceApis.path("/api/v1/units/{unitId}/score")
                        .queryParamIfPresent("asOf", Optional.ofNullable(asOf))
                        .uriVariables(Map.of("unitId", unitId)),
                caller,
                QueryViews.Score.class);
    }

    private Mono<String> render(Caller caller, String unitId, LocalDate asOf, Model model) {
        Mono<QueryViews.Score> score = score(caller, unitId, asOf);
        Mono<QueryViews.UnitEvents> events = apis.get(
                Service.QUERY,
                ServiceApis.path("/api/v1/units/{unitId}/events")
                        .queryParamIfPresent("asOf", Optional.ofNullable(asOf))
                        .queryParam("limit", 200)
                        .uriVariables(Map.of("unitId", unitId)),
                caller,
                QueryViews.UnitEvents.class);
        // objections are shown to those the objection service shows them to; others see the facts without them
        Mono<List<ObjectionViews.Objection>> objections = apis.get(
                        Service.OBJECTION,
                        ServiceApis.path("/api/v1/objections").queryParam("unitId", unitId),
                        caller,
                        ObjectionViews.Objections.class)
                .map(ObjectionViews.Objections::objections)
                .onErrorResume(ApiRefusal.Refused.class, e -> Mono.just(List.of()));
        // the years' official results it has a report in: the published versions the caller may read
        Mono<List<YearViews.Version>> official = apis.get(
                        Service.QUERY, ServiceApis.path("/api/v1/evaluations"), caller, YearViews.Versions.class)
                .map(v -> v.evaluations().stream()
                        .filter(YearViews.Version::published)
                        .toList())
                .onErrorResume(ApiRefusal.Refused.class, e -> Mono.just(List.of()));
        return Mono.zip(score, events, catalogs.catalog(caller), objections, official)
                .map(all -> {
                    QueryViews.Score s = all.getT1();
                    QueryViews.Catalog catalog = all.getT3();
                    model.addAttribute("unitId", unitId);
                    model.addAttribute("score", s);
                    model.addAttribute("groups", groups(s, catalog));
                    model.addAttribute("events", all.getT2());
                    model.addAttribute("catalog", catalog);
                    model.addAttribute("objections", all.getT4());
                    model.addAttribute("official", all.getT5());
                    model.addAttribute("asOf", asOf);
                    return "unit";
                });
    }

    static List<Group> groups(QueryViews.Score score, QueryViews.Catalog catalog) {
        Map<Integer, List<Line>> lines = new LinkedHashMap<>();
        Map<Integer, String> names = new LinkedHashMap<>();
        for (QueryViews.IndicatorScore is : score.indicators()) {
            QueryViews.Indicator indicator = catalog.indicator(is.code());
            if (indicator == null) {
                continue;
            }
            names.putIfAbsent(indicator.group(), indicator.groupName());
            lines.computeIfAbsent(indicator.group(), g -> new ArrayList<>()).add(new Line(indicator, is));
        }
        List<Group> groups = new ArrayList<>();
        lines.forEach((number, ls) -> groups.add(new Group(
                number,
                names.get(number),
                ls,
                ls.stream().map(l -> l.score().score()).reduce(BigDecimal.ZERO, BigDecimal::add),
                ls.stream()
                        .map(l -> l.score().max() == null
                                ? BigDecimal.ZERO
                                : l.score().max())
                        .reduce(BigDecimal.ZERO, BigDecimal::add))));
        return groups;
    }
}

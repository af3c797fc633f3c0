package cn.jiyuan.integrity.console.office;

import cn.jiyuan.integrity.console.api.ApiRefusal;
import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.CatalogCache;
import cn.jiyuan.integrity.console.api.ObjectionViews;
import cn.jiyuan.integrity.console.api.QueryViews;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import cn.jiyuan.integrity.console.web.Dates;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * 总览: active units, grade distribution and score histogram as of a chosen date; objections awaiting the provider,
 * overdue, awaiting review; facts received per provider this month and how many were late; the live grade changes.
 */
@Controller
class OverviewController {

    /** The histogram's bins: below 60, then five points each up to 100, then 100 and above (bonuses). */
    static final int[] BIN_EDGES = {60, 65, 70, 75, 80, 85, 90, 95, 100};

    /** At most this many facts are counted for "this month" (ten pages of the list). */
    static final int MONTH_PAGES = 10;

    private final ServiceApis apis;
    private final CatalogCache catalogs;
    private final JsonMapper json;

    OverviewController(ServiceApis apis, CatalogCache catalogs, JsonMapper json) {
        this.apis = apis;
        this.catalogs = catalogs;
        this.json = json;
    }

    /** One provider's line of this month's receipts. */
    public record Receipts(String org, String name, int facts, int late) {}

    @GetMapping("/office")
    Mono<String> page(Caller caller, @RequestParam(required = false) String asOf, Model model) {
        LocalDate date = Dates.parseOrNull(asOf);
        Mono<QueryViews.Ranking> ranking = apis.get(
                Service.QUERY,
                ServiceApis.path("/api/v1/rankings").queryParamIfPresent("asOf", Optional.ofNullable(date)),
                caller,
                QueryViews.Ranking.class);
        Mono<List<ObjectionViews.Objection>> objections = apis.get(
                        Service.OBJECTION,
                        ServiceApis.path("/api/v1/objections"),
                        caller,
                        ObjectionViews.Objections.class)
                .map(ObjectionViews.Objections::objections);
        Mono<List<ObjectionViews.Correction>> corrections = apis.get(
                        Service.OBJECTION,
                        ServiceApis.path("/api/v1/corrections").queryParam("status", "AWAITING_REVIEW"),
                        caller,
                        ObjectionViews.Corrections.class)
                .map(ObjectionViews.Corrections::corrections);
        return Mono.zip(ranking, objections, corrections, catalogs.catalog(caller))
                .flatMap(all -> monthReceipts(caller, all.getT1().asOf(), all.getT4())
                        .map(receipts -> {
                            QueryViews.Ranking r = all.getT1();
                            List<ObjectionViews.Objection> open = all.getT2();
                            model.addAttribute("ranking", r);
                            Map<String, Long> grades = grades(r);
                            model.addAttribute("grades", grades);
                            model.addAttribute("gradesJson", json.writeValueAsString(grades));
                            model.addAttribute("histogramJson", json.writeValueAsString(histogram(r)));
                            model.addAttribute(
                                    "awaitingProvider", count(open, o -> "AWAITING_PROVIDER".equals(o.status())));
                            model.addAttribute("overdue", count(open, ObjectionViews.Objection::overdue));
                            model.addAttribute(
                                    "awaitingReview",
                                    count(open, o -> "AWAITING_REVIEW".equals(o.status()))
                                            + all.getT3().size());
                            model.addAttribute("receipts", receipts);
                            model.addAttribute("month", r.asOf().withDayOfMonth(1));
                            model.addAttribute("asOf", date);
                            return "office/overview";
                        }));
    }

    private static long count(List<ObjectionViews.Objection> list, Predicate<ObjectionViews.Objection> p) {
        return list.stream().filter(p).count();
    }

    /** Units per grade, best first: {EXCELLENT: n, GOOD: n, FAIR: n}. */
    static Map<String, Long> grades(QueryViews.Ranking r) {
        Map<String, Long> grades = new LinkedHashMap<>();
        grades.put("EXCELLENT", 0L);
        grades.put("GOOD", 0L);
        grades.put("FAIR", 0L);
        r.units().forEach(u -> grades.merge(u.grade(), 1L, Long::sum));
        return grades;
    }

    /** The histogram as [label, count] pairs. */
    static List<List<Object>> histogram(QueryViews.Ranking r) {
        long[] counts = new long[BIN_EDGES.length + 1];
        for (QueryViews.RankedUnit u : r.units()) {
            int bin = 0;
            while (bin < BIN_EDGES.length && u.score().doubleValue() >= BIN_EDGES[bin]) {
                bin++;
            }
            counts[bin]++;
        }
        List<List<Object>> bins = new ArrayList<>();
        bins.add(List.of("<60", counts[0]));
        for (int i = 1; i < BIN_EDGES.length; i++) {
            bins.add(List.of(BIN_EDGES[i - 1] + "–" + BIN_EDGES[i], counts[i]));
        }
        bins.add(List.of("≥100", counts[BIN_EDGES.length]));
        return bins;
    }

    /** Facts recorded since the first of the month, per provider, and how many of them late. */
    private Mono<List<Receipts>> monthReceipts(Caller caller, LocalDate today, QueryViews.Catalog catalog) {
        Map<String, int[]> perProvider = new TreeMap<>();
        return page(caller, today.withDayOfMonth(1), null, 0, perProvider)
                .then(Mono.fromSupplier(() -> perProvider.entrySet().stream()
                        .map(e ->
                                new Receipts(e.getKey(), catalog.orgName(e.getKey()), e.getValue()[0], e.getValue()[1]))
                        .toList()))
                .onErrorResume(ApiRefusal.Refused.class, e -> Mono.just(List.of()));
    }

    private Mono<Void> page(Caller caller, LocalDate from, String cursor, int pages, Map<String, int[]> into) {
        return apis.get(
                        Service.QUERY,
                        ServiceApis.path("/api/v1/facts")
                                .queryParam("from", from)
                                .queryParam("limit", 1000)
                                .queryParamIfPresent("cursor", Optional.ofNullable(cursor)),
                        caller,
                        QueryViews.Facts.class)
                .flatMap(facts -> {
                    for (QueryViews.Fact f : facts.facts()) {
                        int[] c = into.computeIfAbsent(f.providerOrg(), k -> new int[2]);
                        c[0]++;
                        if (f.late()) {
                            c[1]++;
                        }
                    }
                    return facts.nextCursor() == null || pages + 1 >= MONTH_PAGES
                            ? Mono.empty()
                            : page(caller, from, facts.nextCursor(), pages + 1, into);
                });
    }
}

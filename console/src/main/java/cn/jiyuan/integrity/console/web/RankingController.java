package cn.jiyuan.integrity.console.web;

import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.QueryViews.RankedUnit;
import cn.jiyuan.integrity.console.api.QueryViews.Ranking;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import reactor.core.publisher.Mono;

/** 排名: the ranking as of any date, filtered and searched, and exported as CSV or XLSX with Chinese headers. */
@Controller
class RankingController {

    private final ServiceApis apis;
    private final Labels labels;

    RankingController(ServiceApis apis, Labels labels) {
        this.apis = apis;
        this.labels = labels;
    }

    /** The ranking's filters as the page's form sends them. */
    record Filter(String asOf, String q, String grade) {

        boolean keeps(RankedUnit u) {
            boolean gradeFits = grade == null || grade.isBlank() || grade.equals(u.grade());
            String needle = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
            boolean textFits = needle.isEmpty()
                    || u.unitId().toLowerCase(Locale.ROOT).contains(needle)
                    || (u.name() != null && u.name().contains(q.trim()));
            return gradeFits && textFits;
        }
    }

    /** The filters arrive as the form's query parameters, bound to {@link Filter}. */
    @GetMapping("/ranking")
    Mono<String> page(Caller caller, Filter filter, Model model) {
        return ranking(caller, filter).map(r -> {
            model.addAttribute("ranking", r);
            model.addAttribute("rows", r.units().stream().filter(filter::keeps).toList());
            model.addAttribute("filter", filter);
            return "ranking";
        });
    }

    @GetMapping("/ranking.csv")
    Mono<ResponseEntity<byte[]>> csv(Caller caller, Filter filter) {
        return ranking(caller, filter)
                .map(r -> Downloads.csv(Spreadsheets.csv(table(r, filter)), "排名-" + r.asOf() + ".csv"));
    }

    @GetMapping("/ranking.xlsx")
    Mono<ResponseEntity<byte[]>> xlsx(Caller caller, Filter filter) {
        return ranking(caller, filter)
                .map(r -> Downloads.xlsx(
                        Spreadsheets.xlsx("排名 " + r.asOf(), table(r, filter)), "排名-" + r.asOf() + ".xlsx"));
    }

    private Mono<Ranking> ranking(Caller caller, Filter filter) {
        return apis.get(
                Service.QUERY,
                ServiceApis.path("/api/v1/rankings")
                        .queryParamIfPresent("asOf", Optional.ofNullable(Dates.parseOrNull(filter.asOf()))),
                caller,
                Ranking.class);
    }

    private List<List<Object>> table(Ranking r, Filter filter) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("名次", "单位代码", "单位名称", "得分", "等次", "评价日期"));
        for (RankedUnit u : r.units()) {
            if (filter.keeps(u)) {
                rows.add(List.of(
                        u.rank(),
                        u.unitId(),
                        u.name(),
                        u.score(),
                        labels.grade(u.grade()),
                        r.asOf().toString()));
            }
        }
        return rows;
    }
}

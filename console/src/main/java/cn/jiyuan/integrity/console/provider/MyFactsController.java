package cn.jiyuan.integrity.console.provider;

import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.CatalogCache;
import cn.jiyuan.integrity.console.api.QueryViews;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import reactor.core.publisher.Mono;

/** 我的上报: the department's facts, newest first, by unit, indicator, recording date and lateness, page by page. */
@Controller
class MyFactsController {

    static final int PAGE = 100;

    private final ServiceApis apis;
    private final CatalogCache catalogs;

    MyFactsController(ServiceApis apis, CatalogCache catalogs) {
        this.apis = apis;
        this.catalogs = catalogs;
    }

    /** The list's filters as the form sends them. */
    record Filter(String unitId, String indicator, String from, String to, String late, String cursor) {}

    @GetMapping("/provider/facts")
    Mono<String> list(
            Caller caller,
            @RequestParam(required = false) String unitId,
            @RequestParam(required = false) String indicator,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String late,
            @RequestParam(required = false) String cursor,
            Model model) {
        Filter filter = new Filter(unitId, indicator, from, to, late, cursor);
        Mono<QueryViews.Facts> facts = apis.get(
                Service.QUERY,
                ServiceApis.path("/api/v1/facts")
                        .queryParam("providerOrg", caller.user().org())
                        .queryParamIfPresent("unitId", ServiceApis.given(unitId))
                        .queryParamIfPresent("indicator", ServiceApis.given(indicator))
                        .queryParamIfPresent("from", ServiceApis.given(from))
                        .queryParamIfPresent("to", ServiceApis.given(to))
                        .queryParamIfPresent("late", ServiceApis.given(late))
                        .queryParamIfPresent("cursor", ServiceApis.given(cursor))
                        .queryParam("limit", PAGE),
                caller,
                QueryViews.Facts.class);
        return Mono.zip(facts, catalogs.catalog(caller)).map(both -> {
            model.addAttribute("facts", both.getT1());
            model.addAttribute("catalog", both.getT2());
            model.addAttribute("filter", filter);
            return "provider/facts";
        });
    }
}

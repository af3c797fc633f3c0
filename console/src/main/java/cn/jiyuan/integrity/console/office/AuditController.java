package cn.jiyuan.integrity.console.office;

import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.CatalogCache;
import cn.jiyuan.integrity.console.api.QueryViews;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import reactor.core.publisher.Mono;

/** 审计: reads per consumer organisation and purpose for a year (第十三条's evidence), and the read log itself. */
@Controller
class AuditController {

    static final int LOG_ROWS = 200;

    /** One line of the year's summary. */
    public record Count(String org, String purpose, long reads) {}

    record Summary(int year, List<Count> counts) {}

    private final ServiceApis apis;
    private final CatalogCache catalogs;

    AuditController(ServiceApis apis, CatalogCache catalogs) {
        this.apis = apis;
        this.catalogs = catalogs;
    }

    @GetMapping("/office/audit")
    Mono<String> page(
            Caller caller,
            @RequestParam(required = false) Integer year,
            @RequestParam(required = false) String org,
            @RequestParam(required = false) String purpose,
            Model model) {
        int shown =
                year != null ? year : LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
        Mono<Summary> summary = apis.get(
                Service.QUERY,
                ServiceApis.path("/api/v1/audit/summary").queryParam("year", shown),
                caller,
                Summary.class);
        Mono<QueryViews.AuditEntries> log = apis.get(
                Service.QUERY,
                ServiceApis.path("/api/v1/audit")
                        .queryParamIfPresent("org", ServiceApis.given(org))
                        .queryParamIfPresent("purpose", ServiceApis.given(purpose))
                        .queryParam("from", LocalDate.of(shown, 1, 1))
                        .queryParam("to", LocalDate.of(shown, 12, 31))
                        .queryParam("limit", LOG_ROWS),
                caller,
                QueryViews.AuditEntries.class);
        return Mono.zip(summary, log, catalogs.catalog(caller)).map(all -> {
            model.addAttribute("year", shown);
            model.addAttribute("org", org);
            model.addAttribute("selectedPurpose", purpose);
            model.addAttribute("counts", all.getT1().counts());
            model.addAttribute("entries", all.getT2().entries());
            model.addAttribute("catalog", all.getT3());
            return "office/audit";
        });
    }
}

package cn.jiyuan.integrity.console.web;

import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import cn.jiyuan.integrity.console.api.YearViews;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * 报送情况 (第十二条): facts reported late, by how many working days, and periodic assessments never sent for a closed
 * period — every provider's for the credit office, its own for a department.
 */
@Controller
class ReportingController {

    private final ServiceApis apis;

    ReportingController(ServiceApis apis) {
        this.apis = apis;
    }

    @GetMapping("/reporting")
    Mono<String> page(
            Caller caller,
            @RequestParam(required = false) Integer year,
            @RequestParam(required = false) String providerOrg,
            Model model) {
        int shown =
                year != null ? year : LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
        Mono<YearViews.Timeliness> late =
                apis.get(Service.QUERY, late(shown, providerOrg, ""), caller, YearViews.Timeliness.class);
        Mono<YearViews.Missing> missing =
                apis.get(Service.QUERY, missing(shown, providerOrg, ""), caller, YearViews.Missing.class);
        return Mono.zip(late, missing).map(both -> {
            model.addAttribute("year", shown);
            model.addAttribute("providerOrg", providerOrg);
            model.addAttribute("late", both.getT1());
            model.addAttribute("missing", both.getT2());
            return "reporting";
        });
    }

    @GetMapping("/reporting/late.xlsx")
    Mono<ResponseEntity<byte[]>> lateWorkbook(
            Caller caller, @RequestParam int year, @RequestParam(required = false) String providerOrg) {
        return apis.file(Service.QUERY, late(year, providerOrg, ".xlsx"), caller)
                .map(bytes -> Downloads.xlsx(bytes, year + "年迟报统计.xlsx"));
    }

    @GetMapping("/reporting/missing.xlsx")
    Mono<ResponseEntity<byte[]>> missingWorkbook(
            Caller caller, @RequestParam int year, @RequestParam(required = false) String providerOrg) {
        return apis.file(Service.QUERY, missing(year, providerOrg, ".xlsx"), caller)
                .map(bytes -> Downloads.xlsx(bytes, year + "年漏报统计.xlsx"));
    }

    private static UriComponentsBuilder late(int year, String providerOrg, String suffix) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        LocalDate end = LocalDate.of(year, 12, 31);
        return ServiceApis.path("/api/v1/reports/late" + suffix)
                .queryParam("from", LocalDate.of(year, 1, 1))
                .queryParam("to", end.isAfter(today) ? today : end)
                .queryParamIfPresent("providerOrg", ServiceApis.given(providerOrg));
    }

    private static UriComponentsBuilder missing(int year, String providerOrg, String suffix) {
        return ServiceApis.path("/api/v1/reports/missing" + suffix)
                .queryParam("year", year)
                .queryParamIfPresent("providerOrg", ServiceApis.given(providerOrg));
    }
}

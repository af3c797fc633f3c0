package cn.jiyuan.integrity.console.office;

import cn.jiyuan.integrity.console.api.ApiRefusal;
import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import cn.jiyuan.integrity.console.api.YearViews;
import cn.jiyuan.integrity.console.web.Downloads;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 年度评价: the official results of the years (第七条) — freeze a date as a year's next version, publish a version
 * (公示), download its spreadsheet and reports. A unit's report is downloaded here too, by whoever may read it.
 */
@Controller
class EvaluationYearController {

    private final ServiceApis apis;

    EvaluationYearController(ServiceApis apis) {
        this.apis = apis;
    }

    @GetMapping("/office/evaluations")
    Mono<String> page(Caller caller, Model model) {
        return render(caller, model);
    }

    @PostMapping("/office/evaluations")
    Mono<String> freeze(Caller caller, ServerWebExchange exchange, Model model) {
        return exchange.getFormData().flatMap(form -> {
            String year = value(form, "year");
            Map<String, Object> body = new LinkedHashMap<>();
            putIfGiven(body, "asOf", value(form, "asOf"));
            body.put("signedOffBy", value(form, "signedOffBy"));
            putIfGiven(body, "reason", value(form, "reason"));
            return apis.post(Service.QUERY, "/api/v1/evaluations/" + year, caller, body, YearViews.Frozen.class)
                    .flatMap(frozen -> {
                        model.addAttribute("frozen", frozen);
                        return render(caller, model);
                    })
                    .onErrorResume(ApiRefusal.Refused.class, e -> {
                        model.addAttribute("freezeRefusal", e.refusal());
                        model.addAttribute("freezeForm", form.toSingleValueMap());
                        return render(caller, model);
                    });
        });
    }

    @PostMapping("/office/evaluations/{year}/{version}/publication")
    Mono<String> publish(
            Caller caller, @PathVariable int year, @PathVariable int version, ServerWebExchange exchange, Model model) {
        return exchange.getFormData().flatMap(form -> {
            Map<String, Object> body = new LinkedHashMap<>();
            String days = value(form, "publicityWorkingDays");
            if (days != null) {
                try {
                    body.put("publicityWorkingDays", Integer.parseInt(days));
                } catch (NumberFormatException e) {
                    body.put("publicityWorkingDays", days); // the service names the field
                }
            }
            return apis.post(
                            Service.QUERY,
                            "/api/v1/evaluations/" + year + "/versions/" + version + "/publication",
                            caller,
                            body,
                            YearViews.Version.class)
                    .map(v -> "redirect:/office/evaluations?published=" + year + "-" + version)
                    .onErrorResume(ApiRefusal.Refused.class, e -> {
                        model.addAttribute("publishRefusal", e.refusal());
                        return render(caller, model);
                    });
        });
    }

    /** The year's spreadsheet or PDF report ({@code file}: result.xlsx or report.pdf). */
    @GetMapping("/evaluations/{year}/{file:result\\.xlsx|report\\.pdf}")
    Mono<ResponseEntity<byte[]>> download(
            Caller caller,
            @PathVariable int year,
            @PathVariable String file,
            @RequestParam(required = false) Integer version) {
        return apis.file(
                        Service.QUERY,
                        ServiceApis.path("/api/v1/evaluations/" + year + "/" + file)
                                .queryParamIfPresent("version", Optional.ofNullable(version)),
                        caller)
                .map(bytes -> file.endsWith(".pdf")
                        ? Downloads.pdf(bytes, year + "年度政务诚信评价结果" + suffix(version) + ".pdf")
                        : Downloads.xlsx(bytes, year + "年度政务诚信评价结果" + suffix(version) + ".xlsx"));
    }

    /** A unit's 信用评价报告 of a year. */
    @GetMapping("/evaluations/{year}/units/{unitId}/report.pdf")
    Mono<ResponseEntity<byte[]>> unitReport(
            Caller caller,
            @PathVariable int year,
            @PathVariable String unitId,
            @RequestParam(required = false) Integer version) {
        return apis.file(
                        Service.QUERY,
                        ServiceApis.path("/api/v1/evaluations/" + year + "/units/" + unitId + "/report.pdf")
                                .queryParamIfPresent("version", Optional.ofNullable(version)),
                        caller)
                .map(bytes -> Downloads.pdf(bytes, unitId + "-" + year + "年度信用评价报告" + suffix(version) + ".pdf"));
    }

    private Mono<String> render(Caller caller, Model model) {
        return apis.get(Service.QUERY, ServiceApis.path("/api/v1/evaluations"), caller, YearViews.Versions.class)
                .map(versions -> {
                    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
                    model.addAttribute("versions", versions.evaluations());
                    model.addAttribute("defaultYear", today.getYear() - 1);
                    model.addAttribute("signer", caller.user().displayName());
                    return "office/evaluations";
                });
    }

    private static String suffix(Integer version) {
        return version == null ? "" : "-第" + version + "版";
    }

    private static String value(MultiValueMap<String, String> form, String name) {
        String v = form.getFirst(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static void putIfGiven(Map<String, Object> body, String name, String value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}

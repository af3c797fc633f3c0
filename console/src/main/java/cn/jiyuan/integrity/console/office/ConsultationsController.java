package cn.jiyuan.integrity.console.office;

import cn.jiyuan.integrity.console.api.ApiRefusal;
import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import cn.jiyuan.integrity.console.api.YearViews;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 查询应用 (第十三条): the register of which department is to consult the results for which purpose, and the year's
 * report of duties against the reads the audit trail recorded.
 */
@Controller
class ConsultationsController {

    private final ServiceApis apis;

    ConsultationsController(ServiceApis apis) {
        this.apis = apis;
    }

    @GetMapping("/office/consultations")
    Mono<String> page(Caller caller, @RequestParam(required = false) Integer year, Model model) {
        return render(caller, year, model);
    }

    @PostMapping("/office/consultations")
    Mono<String> register(Caller caller, ServerWebExchange exchange, Model model) {
        return exchange.getFormData().flatMap(form -> {
            String org =
                    form.getFirst("org") == null ? "" : form.getFirst("org").trim();
            String purpose = form.getFirst("purpose") == null ? "" : form.getFirst("purpose");
            Map<String, Object> body = new LinkedHashMap<>();
            ServiceApis.given(form.getFirst("validFrom")).ifPresent(v -> body.put("validFrom", v));
            ServiceApis.given(form.getFirst("minimumReads")).ifPresent(v -> {
                try {
                    body.put("minimumReads", Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    body.put("minimumReads", v); // the service names the field
                }
            });
            ServiceApis.given(form.getFirst("note")).ifPresent(v -> body.put("note", v));
            return apis.put(
                            Service.QUERY,
                            "/api/v1/consultation-duties/" + (org.isEmpty() ? "-" : org) + "/" + purpose,
                            caller,
                            body,
                            Map.class)
                    .map(done -> "redirect:/office/consultations?saved=" + org)
                    .onErrorResume(ApiRefusal.Refused.class, e -> {
                        model.addAttribute("dutyRefusal", e.refusal());
                        model.addAttribute("dutyForm", form.toSingleValueMap());
                        return render(caller, null, model);
                    });
        });
    }

    @PostMapping("/office/consultations/end")
    Mono<String> end(Caller caller, ServerWebExchange exchange, Model model) {
        return exchange.getFormData()
                .flatMap(form -> apis.delete(
                                Service.QUERY,
                                "/api/v1/consultation-duties/" + form.getFirst("org") + "/" + form.getFirst("purpose"),
                                caller,
                                Map.class)
                        .map(done -> "redirect:/office/consultations?ended=" + form.getFirst("org"))
                        .onErrorResume(ApiRefusal.Refused.class, e -> {
                            model.addAttribute("dutyRefusal", e.refusal());
                            return render(caller, null, model);
                        }));
    }

    private Mono<String> render(Caller caller, Integer year, Model model) {
        int shown =
                year != null ? year : LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
        Mono<YearViews.Register> register = apis.get(
                Service.QUERY, ServiceApis.path("/api/v1/consultation-duties"), caller, YearViews.Register.class);
        Mono<YearViews.Consultations> report = apis.get(
                Service.QUERY,
                ServiceApis.path("/api/v1/reports/consultations").queryParam("year", shown),
                caller,
                YearViews.Consultations.class);
        return Mono.zip(register, report).map(both -> {
            model.addAttribute("year", shown);
            model.addAttribute("duties", both.getT1().duties());
            model.addAttribute("report", both.getT2());
            return "office/consultations";
        });
    }
}

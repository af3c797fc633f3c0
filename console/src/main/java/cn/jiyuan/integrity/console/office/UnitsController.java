package cn.jiyuan.integrity.console.office;

import cn.jiyuan.integrity.console.api.ApiRefusal;
import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.QueryViews;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 单位管理: every registered unit, active or not; register a unit, rename it, deactivate or reactivate it — each a
 * {@code PUT /api/v1/units/{unitId}} to the ingest service, which keeps the history.
 */
@Controller
class UnitsController {

    private final ServiceApis apis;

    UnitsController(ServiceApis apis) {
        this.apis = apis;
    }

    @GetMapping("/office/units")
    Mono<String> list(Caller caller, Model model) {
        return render(caller, model);
    }

    /** Registers a unit, or changes one's name or state: the form says which by its fields. */
    @PostMapping("/office/units")
    Mono<String> save(Caller caller, ServerWebExchange exchange, Model model) {
        return exchange.getFormData().flatMap(form -> {
            String unitId = form.getFirst("unitId") == null
                    ? ""
                    : form.getFirst("unitId").trim();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", form.getFirst("name"));
            body.put("active", !"false".equals(form.getFirst("active")));
            if (unitId.isEmpty()) {
                model.addAttribute(
                        "unitRefusal",
                        new ApiRefusal(
                                400,
                                "Invalid request",
                                "单位代码不能为空",
                                List.of(new ApiRefusal.FieldError("unitId", "必填"))));
                model.addAttribute("unitForm", form.toSingleValueMap());
                return render(caller, model);
            }
            return apis.put(Service.INGEST, "/api/v1/units/" + unitId, caller, body, Map.class)
                    .map(done -> "redirect:/office/units?saved=" + unitId)
                    .onErrorResume(ApiRefusal.Refused.class, e -> {
                        model.addAttribute("unitRefusal", e.refusal());
                        model.addAttribute("unitForm", form.toSingleValueMap());
                        return render(caller, model);
                    });
        });
    }

    private Mono<String> render(Caller caller, Model model) {
        return apis.get(Service.QUERY, ServiceApis.path("/api/v1/units"), caller, QueryViews.Units.class)
                .map(units -> {
                    model.addAttribute("units", units.units());
                    return "office/units";
                });
    }
}

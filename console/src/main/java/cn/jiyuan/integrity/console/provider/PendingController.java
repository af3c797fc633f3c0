package cn.jiyuan.integrity.console.provider;

import cn.jiyuan.integrity.console.api.ApiRefusal;
import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.CatalogCache;
import cn.jiyuan.integrity.console.api.ObjectionViews;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import cn.jiyuan.integrity.console.web.Remedies;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 待处理: objections addressed to the department, with their due dates (overdue marked), decided here (第十四条);
 * and its correction requests (SCORING.md §7.5), made and followed here.
 */
@Controller
class PendingController {

    private final ServiceApis apis;
    private final CatalogCache catalogs;

    PendingController(ServiceApis apis, CatalogCache catalogs) {
        this.apis = apis;
        this.catalogs = catalogs;
    }

    @GetMapping("/provider/pending")
    Mono<String> page(Caller caller, Model model) {
        return render(caller, model);
    }

    @PostMapping("/provider/pending/objections/{id}")
    Mono<String> decide(Caller caller, @PathVariable String id, ServerWebExchange exchange, Model model) {
        return exchange.getFormData()
                .flatMap(form -> apis.post(
                                Service.OBJECTION,
                                "/api/v1/objections/" + id + "/decision",
                                caller,
                                decision(form),
                                Map.class)
                        .map(done -> "redirect:/provider/pending?decided=" + id)
                        .onErrorResume(ApiRefusal.Refused.class, e -> {
                            model.addAttribute("decisionRefusal", e.refusal());
                            model.addAttribute("decisionId", id);
                            return render(caller, model);
                        }));
    }

    @PostMapping("/provider/pending/corrections")
    Mono<String> requestCorrection(Caller caller, ServerWebExchange exchange, Model model) {
        return exchange.getFormData()
                .flatMap(form -> apis.post(
                                Service.OBJECTION, "/api/v1/corrections", caller, Remedies.correction(form), Map.class)
                        .map(done -> "redirect:/provider/pending?requested")
                        .onErrorResume(ApiRefusal.Refused.class, e -> {
                            model.addAttribute("correctionRefusal", e.refusal());
                            model.addAttribute("correctionForm", form.toSingleValueMap());
                            return render(caller, model);
                        }));
    }

    /** The body of a decision: NOT_TRUE alone, or TRUE with a remedy (and an amendment for AMEND). */
    static Map<String, Object> decision(MultiValueMap<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("finding", form.getFirst("finding"));
        if ("TRUE".equals(form.getFirst("finding"))) {
            body.put("remedy", form.getFirst("remedy"));
            if ("AMEND".equals(form.getFirst("remedy"))) {
                body.put("amendment", Remedies.amendment(form));
            }
        }
        body.put("explanation", form.getFirst("explanation"));
        return body;
    }

    private Mono<String> render(Caller caller, Model model) {
        String org = caller.user().org();
        Mono<ObjectionViews.Objections> objections = apis.get(
                Service.OBJECTION,
                ServiceApis.path("/api/v1/objections").queryParam("providerOrg", org),
                caller,
                ObjectionViews.Objections.class);
        Mono<ObjectionViews.Corrections> corrections = apis.get(
                Service.OBJECTION,
                ServiceApis.path("/api/v1/corrections").queryParam("providerOrg", org),
                caller,
                ObjectionViews.Corrections.class);
        return Mono.zip(objections, corrections, catalogs.catalog(caller)).map(all -> {
            model.addAttribute(
                    "open",
                    all.getT1().objections().stream()
                            .filter(o -> "AWAITING_PROVIDER".equals(o.status()))
                            .toList());
            model.addAttribute(
                    "others",
                    all.getT1().objections().stream()
                            .filter(o -> !"AWAITING_PROVIDER".equals(o.status()))
                            .toList());
            model.addAttribute("corrections", all.getT2().corrections());
            model.addAttribute("catalog", all.getT3());
            return "provider/pending";
        });
    }
}

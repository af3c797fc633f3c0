package cn.jiyuan.integrity.console.office;

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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 异议与更正复核: the credit office's queue of remedies and correction requests awaiting review (the finding, the
 * proposed remedy, the history), approved or returned with a comment; and a correction ex officio (SCORING.md §7.5).
 */
@Controller
class ReviewController {

    private final ServiceApis apis;
    private final CatalogCache catalogs;

    ReviewController(ServiceApis apis, CatalogCache catalogs) {
        this.apis = apis;
        this.catalogs = catalogs;
    }

    @GetMapping("/office/reviews")
    Mono<String> queue(Caller caller, Model model) {
        return render(caller, model);
    }

    @PostMapping("/office/reviews/objections/{id}")
    Mono<String> reviewObjection(Caller caller, @PathVariable String id, ServerWebExchange exchange, Model model) {
        return review(caller, "/api/v1/objections/" + id + "/review", id, exchange, model);
    }

    @PostMapping("/office/reviews/corrections/{id}")
    Mono<String> reviewCorrection(Caller caller, @PathVariable String id, ServerWebExchange exchange, Model model) {
        return review(caller, "/api/v1/corrections/" + id + "/review", id, exchange, model);
    }

    /** A correction by the credit office itself: applied at once. */
    @PostMapping("/office/corrections")
    Mono<String> exOfficio(Caller caller, ServerWebExchange exchange, Model model) {
        return exchange.getFormData()
                .flatMap(form -> apis.post(
                                Service.OBJECTION, "/api/v1/corrections", caller, Remedies.correction(form), Map.class)
                        .map(done -> "redirect:/office/reviews?corrected=" + form.getFirst("eventId"))
                        .onErrorResume(ApiRefusal.Refused.class, e -> {
                            model.addAttribute("correctionRefusal", e.refusal());
                            model.addAttribute("correctionForm", form.toSingleValueMap());
                            return render(caller, model);
                        }));
    }

    private Mono<String> review(Caller caller, String path, String id, ServerWebExchange exchange, Model model) {
        return exchange.getFormData().flatMap(form -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("decision", form.getFirst("decision"));
            body.put("comment", form.getFirst("comment"));
            return apis.post(Service.OBJECTION, path, caller, body, Map.class)
                    .map(done -> "redirect:/office/reviews?reviewed=" + id)
                    .onErrorResume(ApiRefusal.Refused.class, e -> {
                        model.addAttribute("reviewRefusal", e.refusal());
                        model.addAttribute("reviewId", id);
                        return render(caller, model);
                    });
        });
    }

    private Mono<String> render(Caller caller, Model model) {
        Mono<ObjectionViews.Objections> objections = apis.get(
                Service.OBJECTION,
                ServiceApis.path("/api/v1/objections").queryParam("status", "AWAITING_REVIEW"),
                caller,
                ObjectionViews.Objections.class);
        Mono<ObjectionViews.Corrections> corrections = apis.get(
                Service.OBJECTION,
                ServiceApis.path("/api/v1/corrections").queryParam("status", "AWAITING_REVIEW"),
                caller,
                ObjectionViews.Corrections.class);
        return Mono.zip(objections, corrections, catalogs.catalog(caller)).map(all -> {
            model.addAttribute("objections", all.getT1().objections());
            model.addAttribute("corrections", all.getT2().corrections());
            model.addAttribute("catalog", all.getT3());
            return "office/reviews";
        });
    }
}

package cn.jiyuan.integrity.console.provider;

import cn.jiyuan.integrity.console.api.ApiRefusal;
import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.CatalogCache;
import cn.jiyuan.integrity.console.api.ConsoleUser;
import cn.jiyuan.integrity.console.api.IngestViews;
import cn.jiyuan.integrity.console.api.QueryViews;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 上报: one fact through a form that offers only this department's indicators and, for the chosen one, its outcomes
 * and the fields its effect takes. The form carries an eventId chosen when it was drawn, so sending it twice stores
 * the fact once (the ingest service answers the repeat with the first answer).
 */
@Controller
class ReportController {

    private final ServiceApis apis;
    private final CatalogCache catalogs;

    ReportController(ServiceApis apis, CatalogCache catalogs) {
        this.apis = apis;
        this.catalogs = catalogs;
    }

    /** The form's fields as typed; the same names as the API's. */
    record Draft(
            String eventId,
            String unitId,
            String indicator,
            String outcome,
            String points,
            String period,
            String occurredOn,
            String reference,
            String summary,
            String personName,
            String personPosition) {

        static Draft of(MultiValueMap<String, String> form) {
            return new Draft(
                    blankToNull(form.getFirst("eventId")),
                    form.getFirst("unitId"),
                    form.getFirst("indicator"),
                    form.getFirst("outcome"),
                    form.getFirst("points"),
                    form.getFirst("period"),
                    form.getFirst("occurredOn"),
                    form.getFirst("reference"),
                    form.getFirst("summary"),
                    form.getFirst("personName"),
                    form.getFirst("personPosition"));
        }

        Draft withNewEventId() {
            return new Draft(
                    UUID.randomUUID().toString(),
                    unitId,
                    indicator,
                    outcome,
                    points,
                    period,
                    occurredOn,
                    reference,
                    summary,
                    personName,
                    personPosition);
        }

        /** The body of POST /api/v1/events: only the fields given, as typed (the service judges them). */
        Map<String, Object> body() {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("eventId", eventId);
            put(b, "unitId", unitId);
            put(b, "indicator", indicator);
            put(b, "outcome", outcome);
            if (points != null && !points.isBlank()) {
                b.put("points", number(points));
            }
            put(b, "period", period);
            put(b, "occurredOn", occurredOn);
            put(b, "reference", reference);
            put(b, "summary", summary);
            if (personName != null && !personName.isBlank()) {
                Map<String, String> person = new LinkedHashMap<>();
                person.put("name", personName.trim());
                if (personPosition != null && !personPosition.isBlank()) {
                    person.put("position", personPosition.trim());
                }
                b.put("persons", List.of(person));
            }
            return b;
        }

        /** A number as a number; anything else as the text typed, for the service to refuse by name. */
        private static Object number(String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                return s;
            }
        }

        private static void put(Map<String, Object> b, String field, String value) {
            if (value != null && !value.isBlank()) {
                b.put(field, value.trim());
            }
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }

    @GetMapping("/provider/report")
    Mono<String> form(Caller caller, ServerWebExchange exchange, Model model) {
        MultiValueMap<String, String> params = exchange.getRequest().getQueryParams();
        Draft draft = Draft.of(params);
        if (draft.eventId() == null) {
            draft = draft.withNewEventId();
        }
        return render(caller, draft, null, null, model);
    }

    @PostMapping("/provider/report")
    Mono<String> submit(Caller caller, ServerWebExchange exchange, Model model) {
        return exchange.getFormData().flatMap(form -> {
            Draft draft = Draft.of(form);
            if (draft.eventId() == null) {
                draft = draft.withNewEventId();
            }
            Draft sent = draft;
            return apis.post(Service.INGEST, "/api/v1/events", caller, sent.body(), IngestViews.Accepted.class)
                    .flatMap(accepted -> render(caller, sent, accepted, null, model))
                    .onErrorResume(ApiRefusal.Refused.class, e -> render(caller, sent, null, e.refusal(), model));
        });
    }

    private Mono<String> render(
            Caller caller, Draft draft, IngestViews.Accepted accepted, ApiRefusal refusal, Model model) {
        return catalogs.catalog(caller).map(catalog -> {
            List<QueryViews.Indicator> mine = catalog.indicators().stream()
                    .filter(i -> i.providers().contains(caller.user().org())
                            || (i.selfReported() && caller.user().has(ConsoleUser.UNIT)))
                    .toList();
            QueryViews.Indicator indicator = mine.stream()
                    .filter(i -> i.code().equals(draft.indicator()))
                    .findFirst()
                    .orElse(mine.isEmpty() ? null : mine.get(0));
            QueryViews.Outcome outcome = indicator == null ? null : indicator.outcome(draft.outcome());
            if (outcome == null && indicator != null) {
                outcome = indicator.outcomes().get(0);
            }
            model.addAttribute("catalog", catalog);
            model.addAttribute("indicators", mine);
            model.addAttribute("indicator", indicator);
            model.addAttribute("outcome", outcome);
            model.addAttribute("draft", draft);
            model.addAttribute("accepted", accepted);
            model.addAttribute("refusal", refusal);
            // after a stored fact the next form is a new fact: a new eventId
            model.addAttribute(
                    "nextEventId",
                    accepted == null ? draft.eventId() : UUID.randomUUID().toString());
            return "provider/report";
        });
    }
}

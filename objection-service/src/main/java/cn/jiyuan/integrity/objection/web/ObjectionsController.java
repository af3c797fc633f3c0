package cn.jiyuan.integrity.objection.web;

import cn.jiyuan.integrity.objection.workflow.ObjectionStore;
import cn.jiyuan.integrity.objection.workflow.ObjectionWorkflow;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.objections.Finding;
import cn.jiyuan.integrity.rules.objections.Objection;
import cn.jiyuan.integrity.rules.objections.ObjectionDecider;
import cn.jiyuan.integrity.rules.objections.ObjectionStatus;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Decision;
import cn.jiyuan.integrity.rules.rights.ObjectionScope;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.support.reference.ReferenceData;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.retention.RetentionGate;
import cn.jiyuan.integrity.support.security.Callers;
import cn.jiyuan.integrity.support.web.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The objection endpoints of API.md (第十四条): file, decide, review, read one, list. */
@RestController
@RequestMapping("/api/v1/objections")
class ObjectionsController {

    static final int MAX_EVENT_ID_LENGTH = 100;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ObjectionWorkflow workflow;
    private final ReferenceData reference;
    private final ObjectionStore store;
    private final RetentionGate retention;

    ObjectionsController(
            ObjectionWorkflow workflow, ObjectionStore store, ReferenceData reference, RetentionGate retention) {
        this.retention = retention;
        this.workflow = workflow;
        this.store = store;
        this.reference = reference;
    }

    /** One step of the history: who did what, when, with which text and particulars. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StepView(String step, String by, String byOrg, Instant at, String text, Map<String, Object> details) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ObjectionView(
            String objectionId,
            String eventId,
            String unitId,
            String indicator,
            String providerOrg,
            ObjectionStatus status,
            String reason,
            Instant filedAt,
            LocalDate dueOn,
            boolean dueOnProvisional,
            boolean overdue,
            CorrectionKind proposedRemedy,
            Map<String, Object> proposedAmendment,
            List<StepView> history) {}

    record ObjectionList(List<ObjectionView> objections) {}

    @PostMapping
    Mono<ResponseEntity<ObjectionView>> file(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        List<Violation> violations = new ArrayList<>();
        Json.Reader json = Json.read(body, violations, "eventId", "reason");
        String eventId = json.text("eventId", true, MAX_EVENT_ID_LENGTH);
        String reason = json.freeText("reason", true, ObjectionDecider.MAX_TEXT_LENGTH);
        if (!violations.isEmpty()) {
            return Mono.error(Refusal.invalid(violations));
        }
        return workflow.file(eventId, reason, caller)
                .flatMap(this::view)
                .map(v -> ResponseEntity.created(URI.create("/api/v1/objections/" + v.objectionId()))
                        .body(v));
    }

    @PostMapping("/{objectionId}/decision")
    Mono<ObjectionView> decide(
            @PathVariable String objectionId, @RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        List<Violation> violations = new ArrayList<>();
        Json.Reader json = Json.read(body, violations, "finding", "remedy", "amendment", "explanation");
        Finding finding = json.oneOf("finding", true, Finding.class);
        CorrectionKind remedy = json.oneOf("remedy", false, CorrectionKind.class);
        Amendment amendment = RemedyJson.amendment(json);
        String explanation = json.freeText("explanation", false, ObjectionDecider.MAX_TEXT_LENGTH);
        if (!violations.isEmpty()) {
            return Mono.error(Refusal.invalid(violations));
        }
        return workflow.decide(objectionId, finding, remedy, amendment, explanation, caller)
                .flatMap(this::view);
    }

    @PostMapping("/{objectionId}/review")
    Mono<ObjectionView> review(
            @PathVariable String objectionId, @RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        RemedyJson.Review review = RemedyJson.review(body);
        return workflow.review(objectionId, review.decision(), review.comment(), caller)
                .flatMap(this::view);
    }

    @GetMapping("/{objectionId}")
    Mono<ObjectionView> one(@PathVariable String objectionId, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        return retention
                .awaitTodaysPurge()
                .then(store.find(objectionId))
                .switchIfEmpty(Mono.error(Refusal.notFound("no objection " + objectionId)))
                .flatMap(s -> {
                    Objection o = s.state();
                    Decision allowed = workflow.rights().readObjection(caller, o.unitId(), o.providerOrg());
                    return allowed.denied() ? Mono.error(Refusal.forbidden(allowed.reason())) : view(s);
                });
    }

    /** The caller's objections (the unit's own, those addressed to the provider, all for the credit office). */
    @GetMapping
    Mono<ObjectionList> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String unitId,
            @RequestParam(required = false) String providerOrg,
            @RequestParam(required = false) String overdue,
            @RequestParam(required = false) String eventId,
            @RequestParam(required = false) String limit,
            @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        List<Violation> violations = new ArrayList<>();
        ObjectionStatus s = status == null ? null : Json.constant(status, "status", ObjectionStatus.class, violations);
        // ids of the shape they have, before they reach a query (probe: a NUL in eventId was a 500)
        RemedyJson.filters(unitId, providerOrg, violations);
        if (eventId != null && !FactValidator.isEventId(eventId)) {
            violations.add(new Violation("eventId", "must be a UUID"));
        }
        Boolean overdueFlag = null;
        if (overdue != null) {
            if (overdue.equals("true") || overdue.equals("false")) {
                overdueFlag = Boolean.valueOf(overdue);
            } else {
                violations.add(new Violation("overdue", "must be true or false"));
            }
        }
        int max = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                max = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > MAX_LIMIT) {
                violations.add(new Violation("limit", "must be a whole number from 1 to " + MAX_LIMIT));
            }
        }
        if (!violations.isEmpty()) {
            return Mono.error(Refusal.invalid(violations));
        }
        Rights rights = workflow.rights();
        ObjectionScope listed = rights.listObjections(caller);
        if (listed == ObjectionScope.NONE) {
            return Mono.error(
                    Refusal.forbidden("objections are read by their unit, their provider and the credit office"));
        }
        String scope = listed == ObjectionScope.OWN_ORG ? caller.org() : null; // by or addressed to this org
        var filter = new ObjectionStore.Filter(s, unitId, providerOrg, overdueFlag, eventId, scope, max);
        return retention
                .awaitTodaysPurge()
                .thenMany(store.list(filter))
                .filter(o -> rights.readObjection(
                                caller, o.state().unitId(), o.state().providerOrg())
                        .allowed())
                .concatMap(this::view)
                .collectList()
                .map(ObjectionList::new);
    }

    private Mono<ObjectionView> view(ObjectionStore.Stored s) {
        Objection o = s.state();
        return store.history(o.objectionId())
                .map(h -> new StepView(
                        h.step(),
                        h.by(),
                        h.byOrg(),
                        h.at(),
                        h.text(),
                        h.details().isEmpty() ? null : h.details()))
                .collectList()
                .map(history -> new ObjectionView(
                        o.objectionId(),
                        o.eventId(),
                        o.unitId(),
                        o.indicator(),
                        o.providerOrg(),
                        o.status(),
                        s.reason(),
                        o.filedAt(),
                        o.dueOn(),
                        // counted, when filed, through a year without the State Council's notice (SCORING.md §2)
                        reference.calendarAt(o.filedAt()).onFallback(ChinaTime.dateOf(o.filedAt()), o.dueOn()),
                        o.overdue(),
                        o.proposedRemedy(),
                        o.proposedAmendment() == null ? null : ObjectionWorkflow.amendment(o.proposedAmendment()),
                        history));
    }
}

package cn.jiyuan.integrity.objection.web;

import cn.jiyuan.integrity.objection.workflow.CorrectionStore;
import cn.jiyuan.integrity.objection.workflow.CorrectionWorkflow;
import cn.jiyuan.integrity.rules.corrections.CorrectionRequest;
import cn.jiyuan.integrity.rules.corrections.CorrectionStatus;
import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.objections.ObjectionDecider;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Decision;
import cn.jiyuan.integrity.rules.rights.ObjectionScope;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.retention.RetentionGate;
import cn.jiyuan.integrity.support.security.Callers;
import cn.jiyuan.integrity.support.web.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Corrections without an objection (SCORING.md §7.5; API.md): a provider asks to delete or amend its own fact and the
 * credit office reviews the request like a remedy; the credit office corrects any fact itself, at once. Visible as
 * objections are (the unit concerned, the fact's provider, the credit office).
 */
@RestController
@RequestMapping("/api/v1/corrections")
class CorrectionsController {

    private final CorrectionWorkflow workflow;
    private final CorrectionStore store;
    private final RetentionGate retention;

    CorrectionsController(CorrectionWorkflow workflow, CorrectionStore store, RetentionGate retention) {
        this.retention = retention;
        this.workflow = workflow;
        this.store = store;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AmendmentView(String outcome, BigDecimal points, LocalDate occurredOn, String period) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StepView(String by, String byOrg, Instant at, String text) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CorrectionView(
            String correctionId,
            String eventId,
            String unitId,
            String indicator,
            String providerOrg,
            CorrectionStatus status,
            CorrectionKind remedy,
            AmendmentView amendment,
            String explanation,
            boolean exOfficio,
            StepView requested,
            StepView reviewed) {}

    record CorrectionList(List<CorrectionView> corrections) {}

    @PostMapping
    Mono<ResponseEntity<CorrectionView>> request(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        List<Violation> violations = new ArrayList<>();
        Json.Reader json = Json.read(body, violations, "eventId", "remedy", "amendment", "explanation");
        String eventId = json.text("eventId", true, ObjectionsController.MAX_EVENT_ID_LENGTH);
        CorrectionKind remedy = json.oneOf("remedy", true, CorrectionKind.class);
        Amendment amendment = RemedyJson.amendment(json);
        String explanation = json.freeText("explanation", true, ObjectionDecider.MAX_TEXT_LENGTH);
        if (!violations.isEmpty()) {
            return Mono.error(Refusal.invalid(violations));
        }
        return workflow.request(eventId, remedy, amendment, explanation, caller)
                .map(CorrectionsController::view)
                .map(v -> ResponseEntity.created(URI.create("/api/v1/corrections/" + v.correctionId()))
                        .body(v));
    }

    @PostMapping("/{correctionId}/review")
    Mono<CorrectionView> review(
            @PathVariable String correctionId, @RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        RemedyJson.Review review = RemedyJson.review(body);
        return workflow.review(correctionId, review.decision(), review.comment(), caller)
                .map(CorrectionsController::view);
    }

    @GetMapping("/{correctionId}")
    Mono<CorrectionView> one(@PathVariable String correctionId, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        return retention
                .awaitTodaysPurge()
                .then(store.find(correctionId))
                .switchIfEmpty(Mono.error(Refusal.notFound("no correction " + correctionId)))
                .map(s -> {
                    CorrectionRequest c = s.state();
                    Decision allowed = workflow.rights().readObjection(caller, c.unitId(), c.providerOrg());
                    if (allowed.denied()) {
                        throw Refusal.forbidden(allowed.reason());
                    }
                    return view(s);
                });
    }

    /** The caller's corrections (about the unit, of the provider's facts, all for the credit office), newest first. */
    @GetMapping
    Mono<CorrectionList> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String unitId,
            @RequestParam(required = false) String providerOrg,
            @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        List<Violation> violations = new ArrayList<>();
        CorrectionStatus s =
                status == null ? null : Json.constant(status, "status", CorrectionStatus.class, violations);
        RemedyJson.filters(unitId, providerOrg, violations);
        if (!violations.isEmpty()) {
            return Mono.error(Refusal.invalid(violations));
        }
        Rights rights = workflow.rights();
        ObjectionScope listed = rights.listObjections(caller);
        if (listed == ObjectionScope.NONE) {
            return Mono.error(
                    Refusal.forbidden("corrections are read by their unit, the fact's provider and the credit office"));
        }
        String scope = listed == ObjectionScope.OWN_ORG ? caller.org() : null;
        return retention
                .awaitTodaysPurge()
                .thenMany(store.list(
                        new CorrectionStore.Filter(s, unitId, providerOrg, scope, ObjectionsController.MAX_LIMIT)))
                .filter(c -> rights.readObjection(
                                caller, c.state().unitId(), c.state().providerOrg())
                        .allowed())
                .map(CorrectionsController::view)
                .collectList()
                .map(CorrectionList::new);
    }

    private static CorrectionView view(CorrectionStore.Stored s) {
        CorrectionRequest c = s.state();
        Amendment a = c.amendment();
        return new CorrectionView(
                c.correctionId(),
                c.eventId(),
                c.unitId(),
                c.indicator(),
                c.providerOrg(),
                c.status(),
                c.remedy(),
                a == null ? null : new AmendmentView(a.outcome(), a.points(), a.occurredOn(), a.period()),
                c.explanation(),
                c.exOfficio(),
                step(s.requested()),
                step(s.reviewed()));
    }

    private static StepView step(CorrectionStore.Step step) {
        return step == null ? null : new StepView(step.by(), step.byOrg(), step.at(), step.text());
    }
}

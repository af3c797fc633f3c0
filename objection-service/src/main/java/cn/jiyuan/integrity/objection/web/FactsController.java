package cn.jiyuan.integrity.objection.web;

import cn.jiyuan.integrity.objection.workflow.ObjectionStore;
import cn.jiyuan.integrity.objection.workflow.ObjectionWorkflow;
import cn.jiyuan.integrity.rules.objections.ObjectionStatus;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Decision;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.retention.RetentionGate;
import cn.jiyuan.integrity.support.security.Callers;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/facts/{eventId}}: how a fact stands in the dispute workflow — undisputed, under objection,
 * corrected, found not true — for those who may read its objections (the unit, the provider, the credit office).
 */
@RestController
class FactsController {

    /** The dispute standing of a fact. */
    enum Standing {
        UNDISPUTED,
        UNDER_OBJECTION,
        CORRECTED,
        FOUND_NOT_TRUE
    }

    /**
     * @param status from the latest objection (UNDISPUTED when there is none)
     * @param corrected an approved remedy changed the fact (at some point; {@code retracted} for a deletion)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FactView(
            String eventId,
            String unitId,
            String indicator,
            String providerOrg,
            Standing status,
            boolean corrected,
            boolean retracted,
            String latestObjectionId,
            List<String> objectionIds) {}

    private final ObjectionStore store;
    private final ObjectionWorkflow workflow;
    private final RetentionGate retention;

    FactsController(ObjectionStore store, ObjectionWorkflow workflow, RetentionGate retention) {
        this.store = store;
        this.retention = retention;
        this.workflow = workflow;
    }

    @GetMapping("/api/v1/facts/{eventId}")
    Mono<FactView> fact(@PathVariable String eventId, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        return retention
                .awaitTodaysPurge()
                .then(store.fact(eventId))
                .switchIfEmpty(Mono.error(Refusal.notFound("no fact " + eventId + " is known")))
                .flatMap(fact -> {
                    Decision allowed = workflow.rights().readObjection(caller, fact.unitId(), fact.providerOrg());
                    if (allowed.denied()) {
                        return Mono.error(Refusal.forbidden(allowed.reason()));
                    }
                    var filter = new ObjectionStore.Filter(null, null, null, null, eventId, null, 1000);
                    return store.list(filter).collectList().map(objections -> {
                        Standing standing = objections.isEmpty()
                                ? Standing.UNDISPUTED
                                : standing(objections.get(0).state().status());
                        boolean corrected = objections.stream()
                                .anyMatch(o -> o.state().status() == ObjectionStatus.CLOSED_CORRECTED);
                        return new FactView(
                                fact.eventId(),
                                fact.unitId(),
                                fact.indicator(),
                                fact.providerOrg(),
                                standing,
                                corrected,
                                fact.retracted(),
                                objections.isEmpty()
                                        ? null
                                        : objections.get(0).state().objectionId(),
                                objections.stream()
                                        .map(o -> o.state().objectionId())
                                        .toList());
                    });
                });
    }

    private static Standing standing(ObjectionStatus latest) {
        if (latest.isOpen()) {
            return Standing.UNDER_OBJECTION;
        }
        return latest == ObjectionStatus.CLOSED_CORRECTED ? Standing.CORRECTED : Standing.FOUND_NOT_TRUE;
    }
}

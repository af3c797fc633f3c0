package cn.jiyuan.integrity.rules.objections;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The state of one objection, rebuilt by {@link #evolve} from its events.
 *
 * @param proposedRemedy the provider's remedy while AWAITING_REVIEW (and kept after), else null
 * @param overdue flagged overdue for the current {@code dueOn}
 */
public record Objection(
        String objectionId,
        String eventId,
        String unitId,
        String indicator,
        String providerOrg,
        ObjectionStatus status,
        Instant filedAt,
        LocalDate dueOn,
        boolean overdue,
        CorrectionKind proposedRemedy,
        Amendment proposedAmendment) {

    /** The state after {@code event}; {@code state} is null before the objection was filed. */
    public static Objection evolve(Objection state, ObjectionEvent event) {
        if (event instanceof ObjectionEvent.Filed f) {
            return new Objection(
                    f.objectionId(),
                    f.eventId(),
                    f.unitId(),
                    f.indicator(),
                    f.providerOrg(),
                    ObjectionStatus.AWAITING_PROVIDER,
                    f.at(),
                    f.dueOn(),
                    false,
                    null,
                    null);
        }
        if (state == null) {
            throw new IllegalStateException("objection " + event.objectionId() + " has events before it was filed");
        }
        if (event instanceof ObjectionEvent.FoundNotTrue) {
            return state.with(ObjectionStatus.CLOSED_NOT_TRUE, state.dueOn, state.overdue, null, null);
        }
        if (event instanceof ObjectionEvent.RemedyProposed p) {
            return state.with(ObjectionStatus.AWAITING_REVIEW, state.dueOn, state.overdue, p.remedy(), p.amendment());
        }
        if (event instanceof ObjectionEvent.RemedyApproved) {
            return state.with(
                    ObjectionStatus.CLOSED_CORRECTED,
                    state.dueOn,
                    state.overdue,
                    state.proposedRemedy,
                    state.proposedAmendment);
        }
        if (event instanceof ObjectionEvent.RemedyReturned r) {
            return state.with(ObjectionStatus.AWAITING_PROVIDER, r.dueOn(), false, null, null);
        }
        if (event instanceof ObjectionEvent.Overdue) {
            return state.with(state.status, state.dueOn, true, state.proposedRemedy, state.proposedAmendment);
        }
        throw new IllegalArgumentException("unknown objection event " + event);
    }

    private Objection with(
            ObjectionStatus status, LocalDate dueOn, boolean overdue, CorrectionKind remedy, Amendment amendment) {
        return new Objection(
                objectionId,
                eventId,
                unitId,
                indicator,
                providerOrg,
                status,
                filedAt,
                dueOn,
                overdue,
                remedy,
                amendment);
    }
}

package cn.jiyuan.integrity.rules.corrections;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import java.time.Instant;

/** The state of one correction request, rebuilt from its events ({@link #evolve}). */
public record CorrectionRequest(
        String correctionId,
        String eventId,
        String unitId,
        String indicator,
        String providerOrg,
        CorrectionKind remedy,
        Amendment amendment,
        String explanation,
        boolean exOfficio,
        CorrectionStatus status,
        Instant requestedAt) {

    /** The state after {@code event} ({@code state} null before the first). */
    public static CorrectionRequest evolve(CorrectionRequest state, CorrectionEvent event) {
        if (event instanceof CorrectionEvent.Requested r) {
            return new CorrectionRequest(
                    r.correctionId(),
                    r.eventId(),
                    r.unitId(),
                    r.indicator(),
                    r.providerOrg(),
                    r.remedy(),
                    r.amendment(),
                    r.explanation(),
                    r.exOfficio(),
                    CorrectionStatus.AWAITING_REVIEW,
                    r.at());
        }
        CorrectionStatus next =
                event instanceof CorrectionEvent.Applied ? CorrectionStatus.APPLIED : CorrectionStatus.RETURNED;
        return new CorrectionRequest(
                state.correctionId(),
                state.eventId(),
                state.unitId(),
                state.indicator(),
                state.providerOrg(),
                state.remedy(),
                state.amendment(),
                state.explanation(),
                state.exOfficio(),
                next,
                state.requestedAt());
    }

    public boolean open() {
        return status == CorrectionStatus.AWAITING_REVIEW;
    }
}

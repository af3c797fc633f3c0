package cn.jiyuan.integrity.objection.workflow;

import cn.jiyuan.integrity.rules.corrections.CorrectionEvent;
import cn.jiyuan.integrity.rules.corrections.CorrectionRequest;
import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.schemas.avro.CorrectionRemedy;
import cn.jiyuan.integrity.schemas.avro.CorrectionStep;
import cn.jiyuan.integrity.schemas.avro.CorrectionStepKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The records a correction step publishes on {@code integrity.objections.v1} (keyed by unit id): the step, and for an
 * applied correction also the {@code FactCorrected} the scoring and query services apply — the same record an approved
 * remedy publishes, with the correction's id.
 */
final class CorrectionRecords {

    private CorrectionRecords() {}

    /** {@code state} is the request after {@code event}. */
    static List<SpecificRecord> of(CorrectionEvent event, CorrectionRequest state) {
        List<SpecificRecord> records = new ArrayList<>(2);
        if (event instanceof CorrectionEvent.Requested r) {
            records.add(step(
                    state,
                    r.exOfficio() ? CorrectionStepKind.CORRECTED_EX_OFFICIO : CorrectionStepKind.REQUESTED,
                    event));
        } else if (event instanceof CorrectionEvent.Applied a) {
            if (!state.exOfficio()) {
                records.add(step(state, CorrectionStepKind.APPROVED, event));
            }
            records.add(ObjectionRecords.factCorrected(a.correction(), a.by()));
        } else if (event instanceof CorrectionEvent.Returned) {
            records.add(step(state, CorrectionStepKind.RETURNED, event));
        }
        return records;
    }

    private static CorrectionStep step(CorrectionRequest state, CorrectionStepKind kind, CorrectionEvent event) {
        Amendment a = state.amendment();
        return CorrectionStep.newBuilder()
                .setCorrectionId(state.correctionId())
                .setEventId(state.eventId())
                .setUnitId(state.unitId())
                .setProviderOrg(state.providerOrg())
                .setStep(kind)
                .setRemedy(CorrectionRemedy.valueOf(state.remedy().name()))
                .setOutcome(a == null ? null : a.outcome())
                .setPoints(a == null ? null : ObjectionRecords.points(a.points()))
                .setOccurredOn(a == null ? null : a.occurredOn())
                .setPeriod(a == null ? null : a.period())
                .setText(event.text())
                .setBy(event.by())
                .setByOrg(event.byOrg())
                .setAt(event.at())
                .build();
    }
}

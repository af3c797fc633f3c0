package cn.jiyuan.integrity.objection.workflow;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.objections.Objection;
import cn.jiyuan.integrity.rules.objections.ObjectionEvent;
import cn.jiyuan.integrity.schemas.avro.CorrectionType;
import cn.jiyuan.integrity.schemas.avro.FactCorrected;
import cn.jiyuan.integrity.schemas.avro.ObjectionDecided;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.schemas.avro.ObjectionFinding;
import cn.jiyuan.integrity.schemas.avro.ObjectionOverdue;
import cn.jiyuan.integrity.schemas.avro.ObjectionReviewed;
import cn.jiyuan.integrity.schemas.avro.ProposedAmendment;
import cn.jiyuan.integrity.schemas.avro.ProposedRemedy;
import cn.jiyuan.integrity.schemas.avro.ReviewOutcome;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The records an objection step publishes on {@code integrity.objections.v1} (keyed by unit id): one per step, and
 * for an approval also the {@link FactCorrected} that the scoring service applies. Texts go along (who, when,
 * why); no personal data of the disputed fact does.
 */
final class ObjectionRecords {

    private ObjectionRecords() {}

    /** {@code state} is the objection after {@code event}. */
    static List<SpecificRecord> of(ObjectionEvent event, Objection state) {
        if (event instanceof ObjectionEvent.Filed f) {
            return List.of(ObjectionFiled.newBuilder()
                    .setObjectionId(f.objectionId())
                    .setEventId(f.eventId())
                    .setUnitId(f.unitId())
                    .setIndicator(f.indicator())
                    .setProviderOrg(f.providerOrg())
                    .setReason(f.reason())
                    .setDueOn(f.dueOn())
                    .setBy(f.by())
                    .setByOrg(f.byOrg())
                    .setAt(f.at())
                    .build());
        }
        if (event instanceof ObjectionEvent.FoundNotTrue n) {
            return List.of(decided(state, ObjectionFinding.NOT_TRUE, null, null, n.explanation(), n.by(), n.byOrg(), n)
                    .build());
        }
        if (event instanceof ObjectionEvent.RemedyProposed p) {
            ProposedAmendment amendment = p.amendment() == null
                    ? null
                    : ProposedAmendment.newBuilder()
                            .setOutcome(p.amendment().outcome())
                            .setPoints(points(p.amendment().points()))
                            .setOccurredOn(p.amendment().occurredOn())
                            .setPeriod(p.amendment().period())
                            .build();
            return List.of(decided(
                            state,
                            ObjectionFinding.TRUE,
                            ProposedRemedy.valueOf(p.remedy().name()),
                            amendment,
                            p.explanation(),
                            p.by(),
                            p.byOrg(),
                            p)
                    .build());
        }
        if (event instanceof ObjectionEvent.RemedyApproved a) {
            FactCorrected corrected = factCorrected(a.correction(), a.by());
            return List.of(reviewed(state, ReviewOutcome.APPROVE, a.comment(), null, a), corrected);
        }
        if (event instanceof ObjectionEvent.RemedyReturned r) {
            return List.of(reviewed(state, ReviewOutcome.RETURN, r.comment(), r.dueOn(), r));
        }
        if (event instanceof ObjectionEvent.Overdue o) {
            return List.of(ObjectionOverdue.newBuilder()
                    .setObjectionId(o.objectionId())
                    .setEventId(state.eventId())
                    .setUnitId(state.unitId())
                    .setProviderOrg(state.providerOrg())
                    .setDueOn(o.dueOn())
                    .setAt(o.at())
                    .build());
        }
        throw new IllegalArgumentException("unknown objection event " + event);
    }

    private static ObjectionDecided.Builder decided(
            Objection state,
            ObjectionFinding finding,
            ProposedRemedy remedy,
            ProposedAmendment amendment,
            String explanation,
            String by,
            String byOrg,
            ObjectionEvent event) {
        return ObjectionDecided.newBuilder()
                .setObjectionId(state.objectionId())
                .setEventId(state.eventId())
                .setUnitId(state.unitId())
                .setFinding(finding)
                .setRemedy(remedy)
                .setAmendment(amendment)
                .setExplanation(explanation)
                .setBy(by)
                .setByOrg(byOrg)
                .setAt(event.at());
    }

    private static ObjectionReviewed reviewed(
            Objection state, ReviewOutcome outcome, String comment, LocalDate dueOn, ObjectionEvent event) {
        return ObjectionReviewed.newBuilder()
                .setObjectionId(state.objectionId())
                .setEventId(state.eventId())
                .setUnitId(state.unitId())
                .setDecision(outcome)
                .setComment(comment)
                .setDueOn(dueOn)
                .setBy(event.by())
                .setByOrg(event.byOrg())
                .setAt(event.at())
                .build();
    }

    /**
     * The record the scoring and query services apply, for an approved remedy and for an applied correction request
     * alike (the correction's id is the objection's or the request's).
     */
    static FactCorrected factCorrected(Correction c, String approvedBy) {
        Amendment amendment = c.amendment();
        return FactCorrected.newBuilder()
                .setCorrectionId(c.correctionId())
                .setEventId(c.eventId())
                .setUnitId(c.unitId())
                .setKind(c.kind() == CorrectionKind.DELETE ? CorrectionType.DELETE : CorrectionType.AMEND)
                .setOutcome(amendment == null ? null : amendment.outcome())
                .setPoints(amendment == null ? null : points(amendment.points()))
                .setOccurredOn(amendment == null ? null : amendment.occurredOn())
                .setPeriod(amendment == null ? null : amendment.period())
                .setApprovedBy(approvedBy)
                .setRecordedAt(c.recordedAt())
                .build();
    }

    /** The schema's decimal has scale 2; the validator has already refused more decimals. */
    static BigDecimal points(BigDecimal points) {
        return points == null ? null : points.setScale(2, RoundingMode.UNNECESSARY);
    }
}

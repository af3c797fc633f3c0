package cn.jiyuan.integrity.support.facts;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.schemas.avro.FactCorrected;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rules library's view of a topic record: a credit fact, a debtor listing or an approved correction, without
 * personal data; null for records that are not facts (registrations, objection steps, scores, grades). One mapping
 * for every service that folds facts.
 */
public final class RulesFacts {

    private RulesFacts() {}

    public static Fact of(SpecificRecord value) {
        if (value instanceof cn.jiyuan.integrity.schemas.avro.CreditFact f) {
            return new CreditFact(
                    f.getEventId(),
                    f.getUnitId(),
                    f.getIndicator(),
                    f.getOutcome(),
                    f.getPoints(),
                    f.getPeriod(),
                    f.getOccurredOn(),
                    f.getRecordedAt(),
                    f.getProviderOrg());
        }
        if (value instanceof cn.jiyuan.integrity.schemas.avro.DebtorListing l) {
            return new DebtorListing(
                    l.getListingId(),
                    l.getCaseNumber(),
                    l.getUnitId(),
                    DebtorStatus.valueOf(l.getStatus().name()),
                    l.getRecordedAt(),
                    l.getProviderOrg());
        }
        if (value instanceof FactCorrected c) {
            CorrectionKind kind = CorrectionKind.valueOf(c.getKind().name());
            Amendment amendment = kind == CorrectionKind.AMEND
                    ? new Amendment(c.getOutcome(), c.getPoints(), c.getOccurredOn(), c.getPeriod())
                    : null;
            return new Correction(
                    c.getCorrectionId(), c.getEventId(), c.getUnitId(), kind, amendment, c.getRecordedAt());
        }
        return null;
    }
}

package cn.jiyuan.integrity.support.facts;

import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.validation.FactSubmission;
import cn.jiyuan.integrity.rules.validation.RecordCheck;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.DebtorListing;
import cn.jiyuan.integrity.schemas.avro.FactCorrected;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rules library's {@link RecordCheck} for records as they come off the topics (Avro), one mapping for every
 * consumer: why a record must not be applied, or empty. A record keyed by another unit than the one it is about is
 * refused too (the key decides the partition, and so which instance folds the unit).
 *
 * <p>A credit fact is checked on what every consumer reads of it — its identity, indicator, outcome, points, period,
 * dates and provider — and not on its free text (reference, summary, persons), which the ingest validated, which
 * decides nothing and which every store keeps as bytes: so the scoring service, which does not read the text, refuses
 * exactly the facts the other consumers refuse.
 */
public final class LogRecords {

    private final RecordCheck check;

    public LogRecords(Catalogs catalogs) {
        this.check = new RecordCheck(catalogs);
    }

    public Optional<String> refusal(String key, SpecificRecord value, long writtenAtMillis) {
        if (value instanceof CreditFact f) {
            return keyed(key, f.getUnitId())
                    .or(() -> check.creditFact(
                            new FactSubmission(
                                    f.getEventId(),
                                    f.getUnitId(),
                                    f.getIndicator(),
                                    f.getOutcome(),
                                    f.getPoints(),
                                    f.getPeriod(),
                                    f.getOccurredOn(),
                                    null,
                                    null,
                                    null),
                            f.getProviderOrg(),
                            f.getRecordedAt(),
                            writtenAtMillis));
        }
        if (value instanceof DebtorListing l) {
            return keyed(key, l.getUnitId())
                    .or(() -> check.debtorListing(
                            l.getCaseNumber(), l.getUnitId(), l.getProviderOrg(), l.getRecordedAt(), writtenAtMillis));
        }
        if (value instanceof FactCorrected c) {
            return keyed(key, c.getUnitId())
                    .or(() -> check.correction(
                            c.getEventId(),
                            c.getUnitId(),
                            CorrectionKind.valueOf(c.getKind().name()),
                            c.getOutcome(),
                            c.getPoints(),
                            c.getOccurredOn(),
                            c.getRecordedAt(),
                            writtenAtMillis));
        }
        if (value instanceof UnitRegistration u) {
            return keyed(key, u.getUnitId())
                    .or(() -> check.registration(u.getUnitId(), u.getName(), u.getRecordedAt(), writtenAtMillis));
        }
        return Optional.empty();
    }

    /** The rules' check itself, for a consumer that reads facts in its own way (scoring's byte reader). */
    public RecordCheck rules() {
        return check;
    }

    private static Optional<String> keyed(String key, String unitId) {
        return Objects.equals(key, unitId)
                ? Optional.empty()
                : Optional.of("the record is keyed " + key + " but is about unit " + unitId);
    }
}

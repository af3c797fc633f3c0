package cn.jiyuan.integrity.rules.scoring;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The score of a unit on a date.
 *
 * @param score the score after the debtor cap, two decimals
 * @param rawScore the score before the debtor cap, two decimals
 * @param debtorListed whether a dishonest-judgment-debtor listing is in force on {@code asOf} (第九条)
 * @param indicators all indicators of the catalog, in annex order
 * @param facts the credit facts known on {@code asOf} and not purged, ordered by eventId
 */
public record UnitScore(
        String unitId,
        LocalDate asOf,
        String catalogVersion,
        BigDecimal score,
        BigDecimal rawScore,
        boolean debtorListed,
        List<IndicatorScore> indicators,
        List<FactState> facts) {

    public UnitScore {
        indicators = List.copyOf(indicators);
        facts = List.copyOf(facts);
    }
}

package cn.jiyuan.integrity.scoring.projection;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One row of {@code unit_scores}.
 *
 * @param indicators the breakdown as JSON text, written only by {@link Projector} (compared as text)
 */
public record ScoreRow(
        String unitId,
        int partition,
        LocalDate asOf,
        String catalogVersion,
        BigDecimal score,
        BigDecimal rawScore,
        boolean debtorListed,
        boolean active,
        String indicators) {

    /** Whether what {@code integrity.unit-scores.v1} carries differs (the evaluation date alone does not count). */
    public boolean publishedContentDiffers(ScoreRow other) {
        return other == null
                || score.compareTo(other.score) != 0
                || rawScore.compareTo(other.rawScore) != 0
                || debtorListed != other.debtorListed
                || active != other.active
                || !catalogVersion.equals(other.catalogVersion)
                || !indicators.equals(other.indicators);
    }
}

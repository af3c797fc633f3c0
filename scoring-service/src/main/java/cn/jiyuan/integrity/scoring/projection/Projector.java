package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactState;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import cn.jiyuan.integrity.rules.scoring.UnitScore;
import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.IndicatorPart;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a unit's facts into its projection row with the rules library's fold — the only place a score is computed —
 * and decides whether {@code integrity.unit-scores.v1} must hear of it. Pure apart from the encoder: the row depends
 * only on the set of facts, the registration and the date.
 */
public final class Projector {

    private final ScoreFold fold;
    private final AvroSingleObjectSerializer encoder = new AvroSingleObjectSerializer();

    public Projector(ScoreFold fold) {
        this.fold = fold;
    }

    /**
     * The outcome of projecting one unit: its new row, each credit fact's status (eventId → status, by eventId) and,
     * when the published content changed, the record.
     */
    public record Projection(ScoreRow row, Map<String, FactStatus> statuses, OutboxRecord published) {}

    /** A unit folded: its row and its facts' statuses. */
    public record Folded(ScoreRow row, Map<String, FactStatus> statuses) {}

    public Folded fold(String unitId, Collection<? extends Fact> facts, UnitState unit, LocalDate date) {
        UnitScore score = fold.score(unitId, facts, date);
        Map<String, FactStatus> statuses = new LinkedHashMap<>(score.facts().size() * 2);
        for (FactState f : score.facts()) { // ordered by eventId
            statuses.put(f.eventId(), f.status());
        }
        ScoreRow row = new ScoreRow(
                unitId,
                Partitions.of(unitId),
                date,
                score.catalogVersion(),
                score.score(),
                score.rawScore(),
                score.debtorListed(),
                unit != null && unit.active(),
                score.indicators());
        return new Folded(row, statuses);
    }

    /** The new row, and the unit-scores record if what it carries differs from {@code previous}. */
    public Projection project(
            String unitId,
            Collection<? extends Fact> facts,
            UnitState unit,
            LocalDate date,
            ScoreRow previous,
            Instant now) {
        Folded folded = fold(unitId, facts, unit, date);
        ScoreRow row = folded.row();
        OutboxRecord published = row.publishedContentDiffers(previous) ? unitScoreRecord(row, now) : null;
        return new Projection(row, folded.statuses(), published);
    }

    public OutboxRecord unitScoreRecord(ScoreRow row, Instant now) {
        List<IndicatorPart> parts = new ArrayList<>(row.indicators().size());
        for (IndicatorScore i : row.indicators()) {
            parts.add(new IndicatorPart(i.code(), i.score().setScale(2), i.max().setScale(2)));
        }
        var record = cn.jiyuan.integrity.schemas.avro.UnitScore.newBuilder()
                .setUnitId(row.unitId())
                .setAsOf(row.asOf())
                .setScore(row.score().setScale(2))
                .setRawScore(row.rawScore().setScale(2))
                .setDebtorListed(row.debtorListed())
                .setActive(row.active())
                .setIndicators(parts)
                .setCatalogVersion(row.catalogVersion())
                .setComputedAt(now)
                .build();
        String topic = IntegrityTopics.UNIT_SCORES.name();
        return new OutboxRecord(topic, row.unitId(), encoder.serialize(topic, record));
    }
}

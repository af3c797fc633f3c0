package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One row of {@code unit_scores}.
 *
 * @param indicators the breakdown, stored as JSON text ({@link #indicatorsJson}) by the live store and the replay alike
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
        List<IndicatorScore> indicators) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public ScoreRow {
        indicators = List.copyOf(indicators);
    }

    /** The same row with another breakdown. */
    public ScoreRow withIndicators(List<IndicatorScore> breakdown) {
        return new ScoreRow(unitId, partition, asOf, catalogVersion, score, rawScore, debtorListed, active, breakdown);
    }

    /** The same row evaluated on another date. */
    ScoreRow on(LocalDate date) {
        return new ScoreRow(unitId, partition, date, catalogVersion, score, rawScore, debtorListed, active, indicators);
    }

    /**
     * Whether this row is {@code other} evaluated on another date and nothing else (most units on a new day): then
     * only its date needs writing.
     */
    public boolean differsOnlyInDate(ScoreRow other) {
        return other != null && !asOf.equals(other.asOf) && equals(other.on(asOf));
    }

    /** Whether what {@code integrity.unit-scores.v1} carries differs (the evaluation date alone does not count). */
    public boolean publishedContentDiffers(ScoreRow other) {
        return other == null
                || score.compareTo(other.score) != 0
                || rawScore.compareTo(other.rawScore) != 0
                || debtorListed != other.debtorListed
                || active != other.active
                || !catalogVersion.equals(other.catalogVersion)
                || !sameBreakdown(indicators, other.indicators);
    }

    /** The breakdown as the {@code indicators} column holds it: {@code [{"code":…,"score":…,"max":…}, …]}. */
    public String indicatorsJson() {
        List<Map<String, Object>> parts = new ArrayList<>(indicators.size());
        for (IndicatorScore i : indicators) {
            Map<String, Object> part = new LinkedHashMap<>(4);
            part.put("code", i.code());
            part.put("score", i.score());
            part.put("max", i.max());
            parts.add(part);
        }
        return JSON.writeValueAsString(parts);
    }

    /** The breakdown read back from the {@code indicators} column. */
    @SuppressWarnings("unchecked")
    static List<IndicatorScore> indicatorsFrom(String json) {
        List<IndicatorScore> parts = new ArrayList<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) JSON.readValue(json, List.class)) {
            parts.add(new IndicatorScore(
                    (String) p.get("code"),
                    new BigDecimal(p.get("score").toString()),
                    new BigDecimal(p.get("max").toString())));
        }
        return parts;
    }

    private static boolean sameBreakdown(List<IndicatorScore> a, List<IndicatorScore> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            IndicatorScore x = a.get(i);
            IndicatorScore y = b.get(i);
            if (!x.code().equals(y.code())
                    || x.score().compareTo(y.score()) != 0
                    || x.max().compareTo(y.max()) != 0) {
                return false;
            }
        }
        return true;
    }
}

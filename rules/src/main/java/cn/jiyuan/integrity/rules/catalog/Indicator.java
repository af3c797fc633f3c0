package cn.jiyuan.integrity.rules.catalog;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A second-level indicator (二级指标) of the annex.
 *
 * @param weight full marks for groups 1–5; the annex's nominal value (−5, +3, +5) for groups 6 and 7
 * @param providers org codes allowed to report it; empty when {@code selfReported}
 * @param selfReported reported by the unit itself (7.2, 7.4; SCORING.md §3 reading)
 * @param outcomes by outcome code, in catalog order
 */
public record Indicator(
        String code,
        Group group,
        String nameZh,
        String nameEn,
        BigDecimal weight,
        Frequency frequency,
        Set<String> providers,
        boolean selfReported,
        Map<String, Outcome> outcomes) {

    public Indicator {
        providers = Set.copyOf(providers);
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    public Optional<Outcome> outcome(String outcomeCode) {
        return Optional.ofNullable(outcomes.get(outcomeCode));
    }

    public GroupKind kind() {
        return group.kind();
    }
}

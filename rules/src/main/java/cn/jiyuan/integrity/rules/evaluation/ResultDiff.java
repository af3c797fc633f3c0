package cn.jiyuan.integrity.rules.evaluation;

import cn.jiyuan.integrity.rules.grading.Grade;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What changed between two versions of a year's official result (a re-freeze after corrections): every unit whose
 * score, grade, rank or counted facts differ, or that is in one version only. Units are listed in unit-id order.
 */
public final class ResultDiff {

    /** A unit's place in one version, or null where the unit is not in that version. */
    public record Standing(BigDecimal score, Grade grade, int rank) {}

    /** One unit that differs: {@code before} null when it entered, {@code after} null when it left. */
    public record Change(
            String unitId,
            String name,
            Standing before,
            Standing after,
            List<String> factsAdded,
            List<String> factsRemoved) {}

    private ResultDiff() {}

    public static List<Change> between(List<OfficialUnit> older, List<OfficialUnit> newer) {
        Map<String, OfficialUnit> before = byId(older);
        Map<String, OfficialUnit> after = byId(newer);
        TreeMap<String, Boolean> ids = new TreeMap<>();
        before.keySet().forEach(id -> ids.put(id, true));
        after.keySet().forEach(id -> ids.put(id, true));
        List<Change> changes = new ArrayList<>();
        for (String id : ids.keySet()) {
            OfficialUnit b = before.get(id);
            OfficialUnit a = after.get(id);
            List<String> added = minus(a, b);
            List<String> removed = minus(b, a);
            Standing sb = standing(b);
            Standing sa = standing(a);
            if (Objects.equals(sb, sa) && added.isEmpty() && removed.isEmpty()) {
                continue;
            }
            changes.add(new Change(id, (a != null ? a : b).name(), sb, sa, added, removed));
        }
        return changes;
    }

    private static Map<String, OfficialUnit> byId(List<OfficialUnit> units) {
        return units.stream().collect(Collectors.toMap(OfficialUnit::unitId, Function.identity()));
    }

    private static Standing standing(OfficialUnit u) {
        return u == null ? null : new Standing(u.score().setScale(2), u.grade(), u.rank());
    }

    private static List<String> minus(OfficialUnit from, OfficialUnit without) {
        if (from == null) {
            return List.of();
        }
        List<String> other = without == null ? List.of() : without.factIds();
        return from.factIds().stream().filter(id -> !other.contains(id)).toList();
    }
}

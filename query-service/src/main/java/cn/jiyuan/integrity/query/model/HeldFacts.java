package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.Retention;
import cn.jiyuan.integrity.support.facts.PackedFacts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The units' facts the read model holds in memory, packed ({@link PackedFacts}: about 40 bytes a fact), at most
 * {@code bound} of them (a unit counts one more than its facts, so that empty units count too); when more are held,
 * the units used longest ago go. Not thread-safe: the read model guards it.
 */
final class HeldFacts {

    private final long bound;
    private final LinkedHashMap<String, PackedFacts> byUnit = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    HeldFacts(long bound) {
        this.bound = bound;
    }

    /** The unit's facts if held (and the unit counts as just used), else null. */
    PackedFacts get(String unitId) {
        return byUnit.get(unitId);
    }

    boolean holds(String unitId) {
        return byUnit.containsKey(unitId);
    }

    /**
     * Holds the unit's facts if they fit; with {@code pushOut}, by letting go of the units used longest ago, else
     * only if there is room (an evaluation of every unit must not push out what single reads keep using).
     */
    void hold(String unitId, PackedFacts facts, boolean pushOut) {
        long w = weight(facts);
        if (w > bound || !pushOut && weight + w > bound) {
            return;
        }
        PackedFacts before = byUnit.put(unitId, facts);
        weight += w - (before == null ? 0 : weight(before));
        fit();
    }

    /** Those of {@code units}, in order, whose {@code facts} can be held besides what is, letting go of nothing. */
    List<String> fitting(List<String> units, Map<String, List<Fact>> facts) {
        List<String> fitting = new ArrayList<>();
        long room = bound - weight;
        for (String unitId : units) {
            long w = facts.getOrDefault(unitId, List.of()).size() + 1L;
            if (w <= room && !byUnit.containsKey(unitId)) {
                fitting.add(unitId);
                room -= w;
            }
        }
        return fitting;
    }

    /** A new fact of the unit, if its facts are held (else it is read back with the others when asked for). */
    void add(String unitId, Fact fact) {
        PackedFacts held = byUnit.get(unitId);
        if (held == null) {
            return;
        }
        byUnit.put(unitId, held.with(fact));
        weight++;
        fit();
    }

    /** Every unit's facts without those beyond retention on {@code date} (the rules' {@link Retention}). */
    void retainOn(LocalDate date) {
        weight = 0;
        for (Map.Entry<String, PackedFacts> e : byUnit.entrySet()) {
            if (Retention.allHeld(e.getValue().earliestAgeDate(), date)) {
                weight += weight(e.getValue()); // most units on most days: nothing to unpack
                continue;
            }
            List<Fact> facts = e.getValue().facts(e.getKey());
            List<Fact> retained = Retention.retained(facts, date);
            if (retained.size() != facts.size()) {
                e.setValue(PackedFacts.of(retained));
            }
            weight += weight(e.getValue());
        }
    }

    Map<String, PackedFacts> copy() {
        return Map.copyOf(byUnit);
    }

    /** The facts held (units counted as above). */
    long size() {
        return weight;
    }

    private void fit() {
        Iterator<PackedFacts> eldest = byUnit.values().iterator();
        while (weight > bound && eldest.hasNext()) {
            weight -= weight(eldest.next());
            eldest.remove();
        }
    }

    private static long weight(PackedFacts facts) {
        return facts.count() + 1L;
    }
}

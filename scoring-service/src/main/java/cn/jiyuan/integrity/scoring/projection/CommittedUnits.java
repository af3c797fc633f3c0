package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import cn.jiyuan.integrity.rules.scoring.Retention;
import cn.jiyuan.integrity.support.facts.PackedFacts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stored facts (with each credit fact's status) and the score row of the units this instance owns, as committed,
 * so that a batch need not read back from PostgreSQL what it wrote before: the consumer is their only writer (one
 * thread, co-partitioned topics). At most {@code maxFacts} facts are held (a unit counting one more), packed (about 40 bytes a fact, and a few
 * hundred a unit for its row); beyond, the units used longest ago go, to be read back when next touched. A province
 * (25 million facts) fits in about 1.2 GB. Not thread-safe: the consumer's thread alone uses it.
 */
final class CommittedUnits {

    /** What is held of one unit: its facts as stored, and its row. */
    record Unit(PackedFacts facts, ScoreRow row) {}

    /**
     * One instance of each indicator's part that repeats: most units have most indicators at full marks, so a row
     * holds references to shared parts rather than 35 parts of its own. Bounded like the facts.
     */
    private static final int SHARED_PARTS_LIMIT = 100_000;

    private final LinkedHashMap<String, Unit> units = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<IndicatorScore, IndicatorScore> sharedParts = new HashMap<>();
    private final long maxFacts;
    private long facts;

    CommittedUnits(long maxFacts) {
        this.maxFacts = maxFacts;
    }

    /** The unit as committed if it is held (and it counts as just used), else null. */
    Unit get(String unitId) {
        return units.get(unitId);
    }

    /** Holds what a committed transaction wrote of these units, letting go of the units used longest ago to fit. */
    void putAll(Map<String, Unit> committed) {
        for (Map.Entry<String, Unit> e : committed.entrySet()) {
            Unit unit = new Unit(e.getValue().facts(), shared(e.getValue().row()));
            Unit before = units.put(e.getKey(), unit);
            facts += weight(unit) - (before == null ? 0 : weight(before));
        }
        Iterator<Unit> eldest = units.values().iterator();
        while (facts > maxFacts && eldest.hasNext()) {
            facts -= weight(eldest.next());
            eldest.remove();
        }
    }

    /** A unit counts one more than its facts, so that units without facts count too. */
    private static long weight(Unit unit) {
        return unit.facts().count() + 1L;
    }

    /** Whether the unit is held (without counting as a use). */
    boolean holds(String unitId) {
        return units.containsKey(unitId);
    }

    /**
     * Holds these units, read from the tables, if they fit beside what is held without letting anything go (a warm-up
     * must not push out the units in use). Returns false, holding none, when they do not.
     */
    boolean putAllIfRoom(Map<String, Unit> read) {
        long weight = 0;
        for (Map.Entry<String, Unit> e : read.entrySet()) {
            if (!units.containsKey(e.getKey())) {
                weight += weight(e.getValue());
            }
        }
        if (facts + weight > maxFacts) {
            return false;
        }
        Map<String, Unit> unheld = new LinkedHashMap<>(read);
        unheld.keySet().removeAll(units.keySet()); // what the consumer committed since is newer than what was read
        putAll(unheld);
        return true;
    }

    /**
     * What the purge of 第八条 left in the tables on {@code date} ({@link ProjectionStore#purgeBeyondRetention}): each
     * unit without its credit facts beyond retention and the corrections of those facts; the rest keep their
     * statuses. So a new day refolds every unit from memory instead of reading a province back.
     */
    void purgeBeyondRetention(LocalDate date) {
        facts = 0;
        for (Map.Entry<String, Unit> e : units.entrySet()) {
            Unit unit = e.getValue();
            PackedFacts kept = heldOn(e.getKey(), unit.facts(), date);
            if (kept != unit.facts()) {
                unit = new Unit(kept, unit.row());
                e.setValue(unit);
            }
            facts += weight(unit);
        }
    }

    /**
     * A unit's facts as the tables' purge leaves them on {@code date}: without its credit facts beyond retention and
     * their corrections, the rest with their statuses; {@code facts} itself when nothing goes (most units on most
     * days, known without unpacking them).
     */
    static PackedFacts heldOn(String unitId, PackedFacts facts, LocalDate date) {
        if (Retention.allHeld(facts.earliestAgeDate(), date)) {
            return facts;
        }
        List<Fact> held = facts.facts(unitId);
        Set<String> purged = Retention.purgedFacts(held, date);
        if (purged.isEmpty()) {
            return facts;
        }
        List<Fact> kept = new ArrayList<>(held.size());
        Map<String, FactStatus> statuses = new HashMap<>();
        facts.forEach(unitId, (f, status) -> {
            if (!purgedWith(f, purged)) {
                kept.add(f);
                if (status != null) {
                    statuses.put(f.id(), status);
                }
            }
        });
        return PackedFacts.of(kept, statuses);
    }

    /**
     * Whether {@code fact} goes when the credit facts {@code purged} (eventIds) go, as the tables' purge takes them:
     * each with its corrections.
     */
    static boolean purgedWith(Fact fact, Set<String> purged) {
        return !purged.isEmpty()
                && (fact instanceof CreditFact c && purged.contains(c.eventId())
                        || fact instanceof Correction x && purged.contains(x.eventId()));
    }

    /** Lets go of everything (partitions moved, the projection was swapped). */
    void clear() {
        units.clear();
        facts = 0;
    }

    /** How many facts are held (and units, counted one each). */
    long facts() {
        return facts;
    }

    /** How many units are held. */
    int size() {
        return units.size();
    }

    private ScoreRow shared(ScoreRow row) {
        List<IndicatorScore> parts = new ArrayList<>(row.indicators().size());
        for (IndicatorScore part : row.indicators()) {
            IndicatorScore shared = sharedParts.get(part);
            if (shared == null && sharedParts.size() < SHARED_PARTS_LIMIT) {
                sharedParts.put(part, part);
                shared = part;
            }
            parts.add(shared == null ? part : shared);
        }
        return row.withIndicators(parts);
    }
}

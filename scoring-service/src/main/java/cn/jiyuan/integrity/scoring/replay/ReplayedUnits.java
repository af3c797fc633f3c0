package cn.jiyuan.integrity.scoring.replay;

import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.rules.units.Registrations;
import cn.jiyuan.integrity.scoring.consumer.Decoder;
import cn.jiyuan.integrity.scoring.projection.FactKeys;
import cn.jiyuan.integrity.scoring.projection.Projector;
import cn.jiyuan.integrity.scoring.projection.ScoreRow;
import cn.jiyuan.integrity.scoring.projection.UnitState;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a replay has read of each unit and not yet loaded: its facts as delivered, its registration in force at the end
 * of the replayed date, and each credit fact's status from its last fold. The reader adds the units of one partition
 * set while the loader folds and then forgets those of the previous one, hence the concurrent maps.
 */
final class ReplayedUnits {

    private final Projector projector;

    /** The date replayed: the registrations and facts known at its end count. */
    private final LocalDate asOf;

    /** Facts by unit, as delivered: the first delivery of a fact wins when a unit is folded, as in the live table. */
    private final Map<String, List<Fact>> facts = new ConcurrentHashMap<>();

    private final Map<String, UnitState> registrations = new ConcurrentHashMap<>();

    /** Each credit fact's status from the unit's last fold (unit → eventId → status), written with the facts. */
    private final Map<String, Map<String, FactStatus>> statuses = new ConcurrentHashMap<>();

    ReplayedUnits(Projector projector, LocalDate asOf) {
        this.projector = projector;
        this.asOf = asOf;
    }

    LocalDate asOf() {
        return asOf;
    }

    /** Adds what a record says of its unit; returns the unit, or null for a record scoring does not use. */
    String apply(Decoder.Input input) {
        if (input.fact() != null) {
            facts.computeIfAbsent(input.unitId(), k -> new ArrayList<>()).add(input.fact());
            return input.unitId();
        }
        if (input.unit() != null) {
            // the registration in force at the end of the replayed date, not the last one read (audit D3)
            UnitState read = input.unit();
            registrations.compute(
                    input.unitId(),
                    (id, was) ->
                            Registrations.replaces(was == null ? null : was.registeredAt(), read.registeredAt(), asOf)
                                    ? read
                                    : was);
            return input.unitId();
        }
        return null;
    }

    /**
     * The unit's first deliveries, without credit facts beyond retention on the replayed date and the corrections of
     * those facts, as the live purge leaves them.
     */
    List<Fact> kept(String unit) {
        List<Fact> unitFacts = FactKeys.firstDeliveries(facts.getOrDefault(unit, List.of()));
        LocalDate limit = Window.retentionLimit(asOf);
        Set<String> purged = new HashSet<>();
        for (Fact f : unitFacts) {
            if (f instanceof CreditFact c && !c.occurredOn().isAfter(limit)) {
                purged.add(c.eventId());
            }
        }
        List<Fact> kept = new ArrayList<>(unitFacts.size());
        for (Fact f : unitFacts) {
            boolean ofPurged = (f instanceof CreditFact c && purged.contains(c.eventId()))
                    || (f instanceof Correction x && purged.contains(x.eventId()));
            if (!ofPurged) {
                kept.add(f);
            }
        }
        return kept;
    }

    /** Folds the unit over {@code kept} (its {@link #kept} facts) and remembers their statuses. */
    ScoreRow fold(String unit, List<Fact> kept) {
        Projector.Folded folded = projector.fold(unit, kept, registrations.get(unit), asOf);
        statuses.put(unit, folded.statuses());
        return folded.row();
    }

    ScoreRow fold(String unit) {
        return fold(unit, kept(unit));
    }

    /** Loaded: these units' facts are in the table now; the switch-over reads back the few it may need. */
    void forget(Collection<String> units) {
        facts.keySet().removeAll(units);
        statuses.keySet().removeAll(units);
    }

    /**
     * Puts the unit's stored facts (written by the load, forgotten since) in front of those read after: they were
     * delivered first, and the first delivery of a fact wins.
     */
    void putStoredFirst(String unit, List<Fact> stored) {
        List<Fact> merged = new ArrayList<>(stored);
        merged.addAll(facts.getOrDefault(unit, List.of()));
        facts.put(unit, merged);
    }

    UnitState registration(String unit) {
        return registrations.get(unit);
    }

    Collection<UnitState> registrations() {
        return registrations.values();
    }

    /** The statuses of the units folded and not yet forgotten (unit → eventId → status). */
    Map<String, Map<String, FactStatus>> statuses() {
        return statuses;
    }

    Map<String, FactStatus> statuses(String unit) {
        return statuses.getOrDefault(unit, Map.of());
    }
}

package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.objections.UnderObjection;
import cn.jiyuan.integrity.rules.scoring.Retention;
import cn.jiyuan.integrity.rules.units.Registrations;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything known about one unit, as an immutable value (replaced whole when a record arrives): its facts in the
 * rules' terms, its registrations over time and the objection steps on its facts.
 */
public record UnitHistory(
        String unitId, List<Fact> facts, List<Registration> registrations, List<UnderObjection.Step> objectionSteps) {

    /** A registration as recorded: name and whether the unit takes part, from {@code recordedAt} on. */
    public record Registration(Instant recordedAt, String name, boolean active) {}

    public static UnitHistory empty(String unitId) {
        return new UnitHistory(unitId, List.of(), List.of(), List.of());
    }

    public UnitHistory withFact(Fact fact) {
        List<Fact> f = new ArrayList<>(facts.size() + 1);
        f.addAll(facts);
        f.add(fact);
        return new UnitHistory(unitId, List.copyOf(f), registrations, objectionSteps);
    }

    public UnitHistory withRegistration(Registration r) {
        List<Registration> regs = new ArrayList<>(registrations);
        regs.add(r);
        regs.sort(java.util.Comparator.comparing(Registration::recordedAt));
        return new UnitHistory(unitId, facts, List.copyOf(regs), objectionSteps);
    }

    public UnitHistory withObjectionStep(UnderObjection.Step step) {
        List<UnderObjection.Step> steps = new ArrayList<>(objectionSteps);
        steps.add(step);
        steps.sort(java.util.Comparator.comparing(UnderObjection.Step::at));
        return new UnitHistory(unitId, facts, registrations, List.copyOf(steps));
    }

    /** This history without the facts beyond retention on {@code date} and what is about them (the rules' purge). */
    public UnitHistory retainedOn(LocalDate date) {
        Set<String> purged = Retention.purgedFacts(facts, date);
        List<Fact> kept = Retention.retained(facts, date);
        List<UnderObjection.Step> steps = objectionSteps.stream()
                .filter(s -> Retention.holds(s.eventId(), s.at(), purged, date))
                .toList();
        return kept.size() == facts.size() && steps.size() == objectionSteps.size()
                ? this
                : new UnitHistory(unitId, kept, registrations, steps);
    }

    /** The registration in force at the end of {@code date} (China time), or null if none was recorded by then. */
    public Registration registrationOn(LocalDate date) {
        return Registrations.inForceOn(registrations, Registration::recordedAt, date);
    }

    /** Facts with an objection open at the end of {@code date} (the rules library's {@link UnderObjection}). */
    public Set<String> underObjectionOn(LocalDate date) {
        return UnderObjection.on(objectionSteps, date);
    }
}

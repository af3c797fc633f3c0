package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.objections.UnderObjection;
import cn.jiyuan.integrity.rules.units.Registrations;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
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

    public UnitHistory withRegistration(Registration r) {
        List<Registration> regs = new ArrayList<>(registrations);
        regs.add(r);
        regs.sort(Comparator.comparing(Registration::recordedAt));
        return new UnitHistory(unitId, facts, List.copyOf(regs), objectionSteps);
    }

    public UnitHistory withObjectionStep(UnderObjection.Step step) {
        List<UnderObjection.Step> steps = new ArrayList<>(objectionSteps);
        steps.add(step);
        steps.sort(Comparator.comparing(UnderObjection.Step::at));
        return new UnitHistory(unitId, facts, registrations, List.copyOf(steps));
    }

    /** This history with {@code facts} instead of its own (the read model holds a unit's facts apart). */
    public UnitHistory withFacts(List<Fact> facts) {
        return new UnitHistory(unitId, facts, registrations, objectionSteps);
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

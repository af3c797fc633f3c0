package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.objections.UnderObjection;
import cn.jiyuan.integrity.rules.scoring.Retention;
import cn.jiyuan.integrity.rules.units.Registrations;
import cn.jiyuan.integrity.schemas.avro.ObjectionDecided;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.schemas.avro.ObjectionFinding;
import cn.jiyuan.integrity.schemas.avro.ObjectionReviewed;
import cn.jiyuan.integrity.schemas.avro.ReviewOutcome;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

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

    /**
     * This history after a stored record that is not a fact: a registration, or an objection step that opens or closes
     * an objection (a finding of NOT_TRUE, an approved review); any other record leaves it as it is.
     */
    public UnitHistory withStoredStep(SpecificRecord value) {
        if (value instanceof UnitRegistration u) {
            return withRegistration(new Registration(u.getRecordedAt(), u.getName(), u.getActive()));
        }
        if (value instanceof ObjectionFiled f) {
            return withObjectionStep(new UnderObjection.Step(f.getObjectionId(), f.getEventId(), f.getAt(), true));
        }
        if (value instanceof ObjectionDecided d && d.getFinding() == ObjectionFinding.NOT_TRUE) {
            return withObjectionStep(new UnderObjection.Step(d.getObjectionId(), d.getEventId(), d.getAt(), false));
        }
        if (value instanceof ObjectionReviewed r && r.getDecision() == ReviewOutcome.APPROVE) {
            return withObjectionStep(new UnderObjection.Step(r.getObjectionId(), r.getEventId(), r.getAt(), false));
        }
        return this;
    }

    /** This history without the objection steps a purge on {@code date} takes away (the rules' {@link Retention}). */
    public UnitHistory withoutStepsPurged(Set<String> purgedFacts, LocalDate date) {
        List<UnderObjection.Step> steps = objectionSteps.stream()
                .filter(s -> Retention.holds(s.eventId(), s.at(), purgedFacts, date))
                .toList();
        return steps.size() == objectionSteps.size() ? this : new UnitHistory(unitId, facts, registrations, steps);
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

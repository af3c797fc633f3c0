package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.facts.Fact;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything known about one unit, as an immutable value (replaced whole when a record arrives): its facts in the
 * rules' terms, its registrations over time and the objection steps on its facts.
 */
public record UnitHistory(
        String unitId, List<Fact> facts, List<Registration> registrations, List<ObjectionStep> objectionSteps) {

    /** A registration as recorded: name and whether the unit takes part, from {@code recordedAt} on. */
    public record Registration(Instant recordedAt, String name, boolean active) {}

    /** An objection step on a fact: {@code opens} when filed, closes when found not true or corrected. */
    public record ObjectionStep(String objectionId, String eventId, Instant at, boolean opens) {}

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

    public UnitHistory withObjectionStep(ObjectionStep step) {
        List<ObjectionStep> steps = new ArrayList<>(objectionSteps);
        steps.add(step);
        steps.sort(java.util.Comparator.comparing(ObjectionStep::at));
        return new UnitHistory(unitId, facts, registrations, List.copyOf(steps));
    }

    /** The registration in force at the end of {@code date} (China time), or null if none was recorded by then. */
    public Registration registrationOn(LocalDate date) {
        Registration last = null;
        for (Registration r : registrations) {
            if (ChinaTime.dateOf(r.recordedAt()).isAfter(date)) {
                break;
            }
            last = r;
        }
        return last;
    }

    /** Facts with an objection open at the end of {@code date}: filed by then and not closed by then. */
    public Set<String> underObjectionOn(LocalDate date) {
        java.util.Map<String, String> open = new java.util.HashMap<>(); // objection → its fact
        for (ObjectionStep s : objectionSteps) {
            if (ChinaTime.dateOf(s.at()).isAfter(date)) {
                break;
            }
            if (s.opens()) {
                open.put(s.objectionId(), s.eventId());
            } else {
                open.remove(s.objectionId());
            }
        }
        return new HashSet<>(open.values());
    }
}

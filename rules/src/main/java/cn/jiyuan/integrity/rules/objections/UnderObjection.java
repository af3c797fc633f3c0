package cn.jiyuan.integrity.rules.objections;

import cn.jiyuan.integrity.rules.ChinaTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SCORING.md §7.1: a fact stays counted while an objection to it is open, marked "under objection" — from the day the
 * objection was filed until the day it was closed (found not true, or corrected), each day taken in China time.
 */
public final class UnderObjection {

    /** An objection step on a fact: {@code opens} when filed; a closing step otherwise. */
    public record Step(String objectionId, String eventId, Instant at, boolean opens) {}

    private UnderObjection() {}

    /** The facts with an objection open at the end of {@code date}, from the steps in the order they happened. */
    public static Set<String> on(List<Step> stepsInOrder, LocalDate date) {
        Map<String, String> open = new HashMap<>(); // objection → its fact
        for (Step s : stepsInOrder) {
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

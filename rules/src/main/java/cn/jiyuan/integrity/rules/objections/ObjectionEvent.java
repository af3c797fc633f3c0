package cn.jiyuan.integrity.rules.objections;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import java.time.Instant;
import java.time.LocalDate;

/** Every step of an objection, with who did it ({@code by}: the caller's subject and org) and when (第十四条.4). */
public sealed interface ObjectionEvent {

    String objectionId();

    String by();

    String byOrg();

    Instant at();

    record Filed(
            String objectionId,
            String eventId,
            String unitId,
            String indicator,
            String providerOrg,
            String reason,
            LocalDate dueOn,
            String by,
            String byOrg,
            Instant at)
            implements ObjectionEvent {}

    record FoundNotTrue(String objectionId, String explanation, String by, String byOrg, Instant at)
            implements ObjectionEvent {}

    record RemedyProposed(
            String objectionId,
            CorrectionKind remedy,
            Amendment amendment,
            String explanation,
            String by,
            String byOrg,
            Instant at)
            implements ObjectionEvent {}

    /** The credit office approved: {@code correction} is what the scoring applies from {@code at} on. */
    record RemedyApproved(
            String objectionId, String comment, Correction correction, String by, String byOrg, Instant at)
            implements ObjectionEvent {}

    /** Back to the provider, with a fresh five-working-day deadline. */
    record RemedyReturned(String objectionId, String comment, LocalDate dueOn, String by, String byOrg, Instant at)
            implements ObjectionEvent {}

    /** The provider missed {@code dueOn}; the credit office is told once per deadline. */
    record Overdue(String objectionId, LocalDate dueOn, String by, String byOrg, Instant at)
            implements ObjectionEvent {}
}

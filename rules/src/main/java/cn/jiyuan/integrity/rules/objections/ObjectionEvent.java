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

    /** The step's name in the objection's history (API.md {@code history[].step}). */
    String step();

    /** The reason, explanation or comment the step's author gave; null for a missed deadline. */
    String text();

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
            implements ObjectionEvent {

        @Override
        public String step() {
            return "FILED";
        }

        @Override
        public String text() {
            return reason;
        }
    }

    record FoundNotTrue(String objectionId, String explanation, String by, String byOrg, Instant at)
            implements ObjectionEvent {

        @Override
        public String step() {
            return "FOUND_NOT_TRUE";
        }

        @Override
        public String text() {
            return explanation;
        }
    }

    record RemedyProposed(
            String objectionId,
            CorrectionKind remedy,
            Amendment amendment,
            String explanation,
            String by,
            String byOrg,
            Instant at)
            implements ObjectionEvent {

        @Override
        public String step() {
            return "REMEDY_PROPOSED";
        }

        @Override
        public String text() {
            return explanation;
        }
    }

    /** The credit office approved: {@code correction} is what the scoring applies from {@code at} on. */
    record RemedyApproved(
            String objectionId, String comment, Correction correction, String by, String byOrg, Instant at)
            implements ObjectionEvent {

        @Override
        public String step() {
            return "REMEDY_APPROVED";
        }

        @Override
        public String text() {
            return comment;
        }
    }

    /** Back to the provider, with a fresh five-working-day deadline. */
    record RemedyReturned(String objectionId, String comment, LocalDate dueOn, String by, String byOrg, Instant at)
            implements ObjectionEvent {

        @Override
        public String step() {
            return "REMEDY_RETURNED";
        }

        @Override
        public String text() {
            return comment;
        }
    }

    /** The provider missed {@code dueOn}; the credit office is told once per deadline. */
    record Overdue(String objectionId, LocalDate dueOn, String by, String byOrg, Instant at) implements ObjectionEvent {

        @Override
        public String step() {
            return "OVERDUE";
        }

        @Override
        public String text() {
            return null;
        }
    }
}

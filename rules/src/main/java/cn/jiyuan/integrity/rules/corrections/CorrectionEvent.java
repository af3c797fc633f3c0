package cn.jiyuan.integrity.rules.corrections;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import java.time.Instant;

/** Every step of a correction request, with who did it and when (SCORING.md §7.4, §7.5). */
public sealed interface CorrectionEvent {

    String correctionId();

    String by();

    String byOrg();

    Instant at();

    /** The explanation (a request) or the comment (a review) the step's author gave. */
    String text();

    /** Asked by the fact's provider, or made by the credit office itself ({@code exOfficio}). */
    record Requested(
            String correctionId,
            String eventId,
            String unitId,
            String indicator,
            String providerOrg,
            CorrectionKind remedy,
            Amendment amendment,
            String explanation,
            boolean exOfficio,
            String by,
            String byOrg,
            Instant at)
            implements CorrectionEvent {

        @Override
        public String text() {
            return explanation;
        }
    }

    /** Approved (or made ex officio): {@code correction} applies from {@code at} on, as an approved remedy does. */
    record Applied(String correctionId, String comment, Correction correction, String by, String byOrg, Instant at)
            implements CorrectionEvent {

        @Override
        public String text() {
            return comment;
        }
    }

    /** Returned to the provider with a comment; the request is closed. */
    record Returned(String correctionId, String comment, String by, String byOrg, Instant at)
            implements CorrectionEvent {

        @Override
        public String text() {
            return comment;
        }
    }
}

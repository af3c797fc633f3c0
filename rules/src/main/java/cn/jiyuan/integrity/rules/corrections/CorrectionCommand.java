package cn.jiyuan.integrity.rules.corrections;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.objections.DisputedFact;
import cn.jiyuan.integrity.rules.objections.ReviewDecision;
import cn.jiyuan.integrity.rules.rights.Caller;
import java.time.Instant;

/** What someone asks of a correction. Each carries who asks and when. */
public sealed interface CorrectionCommand {

    Caller caller();

    Instant at();

    /**
     * The fact's provider asks to delete or amend it, or the credit office corrects it.
     *
     * @param fact the fact, or null when no such fact is known
     * @param openRemedyExists an objection or another correction request on this fact is still open
     */
    record Request(
            String correctionId,
            String eventId,
            DisputedFact fact,
            boolean openRemedyExists,
            CorrectionKind remedy,
            Amendment amendment,
            String explanation,
            Caller caller,
            Instant at)
            implements CorrectionCommand {}

    /** The credit office approves the request or returns it. */
    record Review(ReviewDecision decision, String comment, Caller caller, Instant at) implements CorrectionCommand {}
}

package cn.jiyuan.integrity.rules.objections;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.rights.Caller;
import java.time.Instant;

/** What someone asks of an objection. Each carries who asks and when. */
public sealed interface ObjectionCommand {

    Caller caller();

    Instant at();

    /**
     * A unit disputes one of its facts.
     *
     * @param fact the disputed fact, or null when no such fact is known
     * @param openObjectionExists another objection on this fact is still open
     */
    record File(
            String objectionId,
            String eventId,
            DisputedFact fact,
            boolean openObjectionExists,
            String reason,
            Caller caller,
            Instant at)
            implements ObjectionCommand {}

    /** The provider decides; for TRUE, proposes a remedy (and an amendment for AMEND). */
    record Decide(
            Finding finding, CorrectionKind remedy, Amendment amendment, String explanation, Caller caller, Instant at)
            implements ObjectionCommand {}

    /** The credit office approves the proposed remedy or returns it to the provider. */
    record Review(ReviewDecision decision, String comment, Caller caller, Instant at) implements ObjectionCommand {}

    /** The daily check: flags the objection overdue once the provider's deadline has passed. */
    record CheckOverdue(Caller caller, Instant at) implements ObjectionCommand {}
}

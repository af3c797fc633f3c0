package cn.jiyuan.integrity.rules.facts;

import java.time.Instant;
import java.util.Objects;

/**
 * An approved remedy (第十四条): from its recordedAt date on, the original fact counts as retracted (DELETE) or as
 * amended (AMEND). The original stays in the log untouched.
 *
 * @param correctionId identifies the correction (the objection it came from)
 * @param eventId the corrected fact
 * @param amendment the new content for AMEND, null for DELETE
 */
public record Correction(
        String correctionId,
        String eventId,
        String unitId,
        CorrectionKind kind,
        Amendment amendment,
        Instant recordedAt)
        implements Fact {

    public Correction {
        Objects.requireNonNull(correctionId, "correctionId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recordedAt, "recordedAt");
        if ((kind == CorrectionKind.AMEND) != (amendment != null)) {
            throw new IllegalArgumentException("an AMEND correction needs an amendment, a DELETE takes none");
        }
    }

    @Override
    public String id() {
        return correctionId;
    }
}

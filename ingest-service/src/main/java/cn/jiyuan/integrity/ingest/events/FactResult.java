package cn.jiyuan.integrity.ingest.events;

import cn.jiyuan.integrity.rules.validation.Violation;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The answer for one fact: 202 accepted / 200 the same fact again, with recordedAt, late and deadline; or a refusal
 * (400, 403, 404, 409) with its reason and, for 400, the field errors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FactResult(
        String eventId,
        int status,
        Instant recordedAt,
        Boolean late,
        LocalDate deadline,
        String title,
        String detail,
        List<Violation> errors) {

    static FactResult accepted(Claim claim, int status) {
        return new FactResult(
                claim.eventId().toString(),
                status,
                claim.recordedAt(),
                claim.late(),
                claim.deadline(),
                null,
                null,
                null);
    }

    static FactResult refused(String eventId, int status, String title, String detail, List<Violation> errors) {
        return new FactResult(eventId, status, null, null, null, title, detail, errors.isEmpty() ? null : errors);
    }

    boolean isAccepted() {
        return status == 200 || status == 202;
    }
}

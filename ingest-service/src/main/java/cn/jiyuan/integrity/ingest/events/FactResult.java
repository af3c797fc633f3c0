package cn.jiyuan.integrity.ingest.events;

import cn.jiyuan.integrity.rules.validation.Violation;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The answer for one fact: 202 accepted / 200 the same fact again, with recordedAt, late, deadline and whether the
 * deadline is provisional; or a refusal
 * (400, 403, 404, 409) with its reason and, for 400, the field errors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FactResult(
        String eventId,
        int status,
        Instant recordedAt,
        Boolean late,
        LocalDate deadline,
        Boolean deadlineProvisional,
        String title,
        String detail,
        List<Violation> errors) {

    /**
     * @param deadlineProvisional the deadline was counted through a year the working-day calendar has no notice for
     *     (Monday to Friday stood in): it may move once the credit office uploads that year's notice
     */
    static FactResult accepted(Claim claim, int status, boolean deadlineProvisional) {
        return new FactResult(
                claim.eventId().toString(),
                status,
                claim.recordedAt(),
                claim.late(),
                claim.deadline(),
                deadlineProvisional,
                null,
                null,
                null);
    }

    static FactResult refused(String eventId, int status, String title, String detail, List<Violation> errors) {
        return new FactResult(eventId, status, null, null, null, null, title, detail, errors.isEmpty() ? null : errors);
    }

    boolean isAccepted() {
        return status == 200 || status == 202;
    }
}

package cn.jiyuan.integrity.console.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What the objection service answers (API.md "Objection service"), as the console reads it. */
public final class ObjectionViews {

    private ObjectionViews() {}

    public record Step(String step, String by, String byOrg, Instant at, String text, Map<String, Object> details) {}

    public record Objection(
            String objectionId,
            String eventId,
            String unitId,
            String indicator,
            String providerOrg,
            String status,
            String reason,
            Instant filedAt,
            LocalDate dueOn,
            boolean overdue,
            String proposedRemedy,
            Map<String, Object> proposedAmendment,
            List<Step> history) {

        /** The provider's finding and explanation, the latest step that proposed a remedy. */
        public Step proposal() {
            return history == null
                    ? null
                    : history.stream()
                            .filter(s -> "REMEDY_PROPOSED".equals(s.step()))
                            .reduce((a, b) -> b)
                            .orElse(null);
        }
    }

    public record Objections(List<Objection> objections, String nextCursor) {}

    public record Amendment(String outcome, BigDecimal points, LocalDate occurredOn, String period) {}

    public record CorrectionStep(String by, String byOrg, Instant at, String text) {}

    public record Correction(
            String correctionId,
            String eventId,
            String unitId,
            String indicator,
            String providerOrg,
            String status,
            String remedy,
            Amendment amendment,
            String explanation,
            boolean exOfficio,
            CorrectionStep requested,
            CorrectionStep reviewed) {}

    public record Corrections(List<Correction> corrections) {}

    public record Filed(String objectionId, String status, LocalDate dueOn) {}
}

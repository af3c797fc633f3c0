package cn.jiyuan.integrity.console.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the query service answers about the evaluation year (docs/api-tour.md "The evaluation year", "第十二条", "第十三条"):
 * official results, the reports on reporting, the register of consultations.
 */
public final class YearViews {

    private YearViews() {}

    public record Version(
            int year,
            int version,
            LocalDate asOf,
            String status,
            String checksum,
            int unitCount,
            String catalogVersion,
            Instant frozenAt,
            String frozenBy,
            String signedOffBy,
            String reason,
            Instant publishedAt,
            String publishedBy,
            Integer publicityWorkingDays,
            LocalDate publicityEndsOn,
            Boolean onTopic) {

        public boolean published() {
            return publishedAt != null;
        }
    }

    public record Versions(List<Version> evaluations) {}

    public record Standing(int rank, String unitId, String name, BigDecimal score, String grade) {}

    public record Change(
            String unitId,
            String name,
            Standing before,
            Standing after,
            List<String> factsAdded,
            List<String> factsRemoved) {}

    public record Frozen(Version result, List<Change> differences) {}

    public record IndicatorTimeliness(
            String indicator, String name, int reported, int late, int maxWorkingDaysLate, long workingDaysLate) {}

    public record ProviderTimeliness(
            String providerOrg,
            String name,
            int reported,
            int late,
            int maxWorkingDaysLate,
            long workingDaysLate,
            List<IndicatorTimeliness> indicators) {}

    public record Timeliness(LocalDate from, LocalDate to, List<ProviderTimeliness> providers) {}

    public record MissingPeriod(
            String indicator, String name, String period, LocalDate deadline, List<String> unitIds) {}

    public record ProviderMissing(String providerOrg, String name, int missing, List<MissingPeriod> periods) {}

    public record Missing(int year, LocalDate asOf, List<ProviderMissing> providers) {}

    public record Duty(
            String org,
            String name,
            String purpose,
            LocalDate validFrom,
            LocalDate validUntil,
            int minimumReads,
            String note,
            String registeredBy,
            Instant registeredAt) {}

    public record Register(List<Duty> duties) {}

    public record Consultation(
            String org,
            String name,
            String purpose,
            LocalDate from,
            LocalDate to,
            int minimumReads,
            long reads,
            boolean consulted) {}

    public record Consultations(int year, LocalDate asOf, int expected, int consulted, List<Consultation> duties) {}

    public record Notice(
            String noticeId,
            String kind,
            String recipientRole,
            String subject,
            String text,
            String link,
            String unitId,
            String objectionId,
            String eventId,
            Instant createdAt,
            Instant readAt) {}

    public record Inbox(long unread, List<Notice> notices, String nextCursor) {}

    /** One year's working-day notice as the query service keeps it ({@code GET /api/v1/calendar}). */
    public record CalendarYear(
            int year,
            List<String> off,
            List<String> makeUp,
            boolean shipped,
            String source,
            String reason,
            String uploadedBy,
            Instant uploadedAt) {}

    public record Calendar(List<CalendarYear> years, boolean nextYearCovered, String warning) {}

    public record CatalogVersion(
            String version,
            String title,
            LocalDate effectiveFrom,
            boolean inForce,
            boolean shipped,
            String uploadedBy,
            Instant uploadedAt) {}

    public record CatalogVersions(List<CatalogVersion> versions) {}
}

package cn.jiyuan.integrity.console.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What the query service answers (API.md "Query service"), as the console reads it. */
public final class QueryViews {

    private QueryViews() {}

    public record IndicatorScore(String code, BigDecimal score, BigDecimal max) {

        /** Points lost against full marks (penalties and bonuses have no full marks: their own points). */
        public BigDecimal lost() {
            return max == null ? BigDecimal.ZERO : max.subtract(score).max(BigDecimal.ZERO);
        }
    }

    public record Score(
            String unitId,
            LocalDate asOf,
            BigDecimal score,
            BigDecimal rawScore,
            String grade,
            Integer rank,
            boolean debtorListed,
            Boolean active,
            List<IndicatorScore> indicators) {}

    public record RankedUnit(String unitId, String name, BigDecimal score, String grade, Integer rank) {}

    public record Ranking(LocalDate asOf, List<RankedUnit> units, String nextCursor) {}

    public record Person(String name, String position) {}

    public record Fact(
            String eventId,
            String unitId,
            String indicator,
            String outcome,
            BigDecimal points,
            String period,
            LocalDate occurredOn,
            Instant recordedAt,
            boolean late,
            LocalDate deadline,
            String status,
            String providerOrg,
            String reference,
            String summary,
            List<Person> persons) {}

    public record Facts(List<Fact> facts, String nextCursor) {}

    public record DebtorCase(
            String caseNumber, String providerOrg, Instant listedAt, Instant shieldedAt, boolean listing) {}

    public record UnitEvents(
            String unitId, LocalDate asOf, List<Fact> events, List<DebtorCase> debtorCases, String nextCursor) {}

    public record Unit(String unitId, String name, boolean active, Instant registeredAt, Instant updatedAt) {}

    public record Units(List<Unit> units) {}

    public record Outcome(
            String code,
            String name,
            String effect,
            String kind,
            BigDecimal amount,
            boolean takesPoints,
            boolean takesPeriod) {}

    public record Indicator(
            String code,
            String name,
            int group,
            String groupName,
            BigDecimal weight,
            String frequency,
            List<String> providers,
            boolean selfReported,
            List<Outcome> outcomes) {

        public Outcome outcome(String code) {
            return outcomes.stream()
                    .filter(o -> o.code().equals(code))
                    .findFirst()
                    .orElse(null);
        }
    }

    public record Catalog(
            String version,
            String title,
            LocalDate effectiveFrom,
            String creditOffice,
            List<String> debtorListingProviders,
            Map<String, String> organisations,
            List<Indicator> indicators) {

        public Indicator indicator(String code) {
            return indicators.stream()
                    .filter(i -> i.code().equals(code))
                    .findFirst()
                    .orElse(null);
        }

        /** The organisation's name, or its code when the catalog does not know it. */
        public String orgName(String org) {
            return organisations.getOrDefault(org, org);
        }
    }

    public record AuditEntry(
            long id,
            String service,
            Instant at,
            String subject,
            String org,
            String roles,
            String purpose,
            String method,
            String resource,
            String unitId,
            LocalDate asOf,
            int status,
            int repeated) {}

    public record AuditEntries(List<AuditEntry> entries) {}
}

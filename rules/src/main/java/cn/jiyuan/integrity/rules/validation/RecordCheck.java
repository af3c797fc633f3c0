package cn.jiyuan.integrity.rules.validation;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Whether a record read from a topic is one the platform could have written: every consumer asks before applying a
 * record, and sends a refused one to the dead-letter topic instead (API.md §Kafka topics). The answer depends on the
 * record alone — its content, and the time its writer stamped on it ({@code writtenAt}, the Kafka timestamp) — never
 * on when it is read, so a live consumer and a replay refuse the same records.
 *
 * <p>A credit fact must pass {@link FactValidator} as of the day it was recorded and come from a provider of its
 * indicator (for 7.2/7.4, from the unit itself); a debtor listing from a court; a correction must be complete; a
 * registration must name a unit id and a storable name; and nothing may be recorded after it was written.
 */
public final class RecordCheck {

    /** How far a record's recordedAt may lie after the time it was written (clocks of two machines). */
    public static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

    public static final int MAX_UNIT_NAME_LENGTH = 200;
    public static final int MAX_CASE_NUMBER_LENGTH = 100;

    private final Catalogs catalogs;
    private final FactValidator validator;

    public RecordCheck(Catalogs catalogs) {
        this.catalogs = catalogs;
        this.validator = new FactValidator(catalogs);
    }

    public static RecordCheck standard() {
        return new RecordCheck(Catalogs.standard());
    }

    /** Why the credit fact cannot be applied, or empty. */
    public Optional<String> creditFact(
            FactSubmission fact, String providerOrg, Instant recordedAt, long writtenAtMillis) {
        Optional<String> time = recorded(recordedAt, writtenAtMillis);
        if (time.isPresent()) {
            return time;
        }
        LocalDate day = ChinaTime.dateOf(recordedAt);
        Catalog catalog = catalogs.inForce(day);
        List<Violation> violations = validator.validate(fact, day, catalog);
        if (!violations.isEmpty()) {
            return Optional.of(Violation.describe(violations));
        }
        Indicator indicator = catalog.indicator(fact.indicator()).orElseThrow();
        boolean allowed = indicator.selfReported()
                ? fact.unitId().equals(providerOrg)
                : indicator.providers().contains(providerOrg);
        return allowed
                ? Optional.empty()
                : Optional.of("providerOrg: " + providerOrg + " does not report indicator " + indicator.code()
                        + (indicator.selfReported() ? " about " + fact.unitId() : ""));
    }

    /** Why the debtor listing cannot be applied, or empty. */
    public Optional<String> debtorListing(
            String caseNumber, String unitId, String providerOrg, Instant recordedAt, long writtenAtMillis) {
        Optional<String> about = about(unitId, recordedAt, writtenAtMillis);
        if (about.isPresent()) {
            return about;
        }
        Optional<String> text = text("caseNumber", caseNumber, MAX_CASE_NUMBER_LENGTH);
        if (text.isPresent()) {
            return text;
        }
        Catalog catalog = catalogs.inForce(ChinaTime.dateOf(recordedAt));
        return catalog.debtorListingProviders().contains(providerOrg)
                ? Optional.empty()
                : Optional.of("providerOrg: " + providerOrg + " is not a court that lists debtors");
    }

    /**
     * Why the correction cannot be applied, or empty. Whether an amendment fits its fact's indicator is the fold's
     * to decide ({@code ScoreFold} leaves one that does not fit unapplied): the fact may not be known yet.
     */
    public Optional<String> correction(
            String eventId,
            String unitId,
            CorrectionKind kind,
            String outcome,
            BigDecimal points,
            LocalDate occurredOn,
            Instant recordedAt,
            long writtenAtMillis) {
        Optional<String> about = about(unitId, recordedAt, writtenAtMillis);
        if (about.isPresent()) {
            return about;
        }
        if (eventId == null || !FactValidator.isUuid(eventId)) {
            return Optional.of("eventId: must be a UUID");
        }
        if (kind == CorrectionKind.AMEND) {
            if (outcome == null || occurredOn == null) {
                return Optional.of("an AMEND correction needs an outcome and an occurredOn");
            }
            Optional<String> code = text("outcome", outcome, 64);
            if (code.isPresent()) {
                return code;
            }
            if (points != null && points.stripTrailingZeros().scale() > FactValidator.MAX_POINTS_SCALE) {
                return Optional.of("points: must have at most two decimal places");
            }
        } else if (outcome != null || points != null || occurredOn != null) {
            return Optional.of("a DELETE correction carries no amendment");
        }
        return Optional.empty();
    }

    /** Why the registration cannot be applied, or empty. */
    public Optional<String> registration(String unitId, String name, Instant recordedAt, long writtenAtMillis) {
        return about(unitId, recordedAt, writtenAtMillis).or(() -> text("name", name, MAX_UNIT_NAME_LENGTH));
    }

    /** What every record about a unit must be: recorded no later than written, about a unit id. */
    private static Optional<String> about(String unitId, Instant recordedAt, long writtenAtMillis) {
        return recorded(recordedAt, writtenAtMillis).or(() -> unitId(unitId));
    }

    private static Optional<String> recorded(Instant recordedAt, long writtenAtMillis) {
        if (recordedAt == null) {
            return Optional.of("recordedAt: is required");
        }
        if (recordedAt.isAfter(Instant.ofEpochMilli(writtenAtMillis + CLOCK_TOLERANCE.toMillis()))) {
            return Optional.of("recordedAt: " + recordedAt + " is after the record was written ("
                    + Instant.ofEpochMilli(writtenAtMillis) + ")");
        }
        if (ChinaTime.dateOf(recordedAt).isBefore(ChinaTime.FIRST_ACCEPTED_DAY)) {
            return Optional.of("recordedAt: is before " + ChinaTime.FIRST_ACCEPTED_DAY);
        }
        return Optional.empty();
    }

    private static Optional<String> unitId(String unitId) {
        return FactValidator.isUnitId(unitId)
                ? Optional.empty()
                : Optional.of("unitId: must be 1–64 letters, digits, '-' or '_'");
    }

    private static Optional<String> text(String field, String text, int max) {
        if (text == null || text.isBlank()) {
            return Optional.of(field + ": is required");
        }
        String problem = PlainText.problem(text, false);
        if (problem != null) {
            return Optional.of(field + ": " + problem);
        }
        return text.codePointCount(0, text.length()) > max
                ? Optional.of(field + ": must be at most " + max + " characters")
                : Optional.empty();
    }
}

package cn.jiyuan.integrity.rules.validation;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.catalog.Effect;
import cn.jiyuan.integrity.rules.catalog.EffectKind;
import cn.jiyuan.integrity.rules.catalog.Frequency;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.rules.catalog.Outcome;
import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Person;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a submitted fact against the catalog in force and the time rules, and returns every violation found (an
 * empty list means valid). Rights are checked separately ({@code rights.Rights}).
 */
public final class FactValidator {

    public static final int MAX_REFERENCE_LENGTH = 200;
    public static final int MAX_SUMMARY_LENGTH = 4000;
    public static final int MAX_PERSONS = 50;
    public static final int MAX_NAME_LENGTH = 50;
    public static final int MAX_POSITION_LENGTH = 100;
    /** Points are given to the hundredth, like scores. */
    public static final int MAX_POINTS_SCALE = 2;

    /** Unit ids are org-style codes: letters, digits, '-' and '_'. */
    public static final Pattern UNIT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Catalogs catalogs;

    public FactValidator(Catalogs catalogs) {
        this.catalogs = catalogs;
    }

    public static FactValidator standard() {
        return new FactValidator(Catalogs.standard());
    }

    /** Validates {@code s} as submitted on {@code today} (China time), under the catalog in force today. */
    public List<Violation> validate(FactSubmission s, LocalDate today) {
        return validate(s, today, catalogs.inForce(today));
    }

    /** {@link #validate(FactSubmission, LocalDate)} when the caller has the catalog in force on {@code today}. */
    List<Violation> validate(FactSubmission s, LocalDate today, Catalog catalog) {
        List<Violation> v = new ArrayList<>();
        if (isBlank(s.eventId())) {
            v.add(new Violation("eventId", "is required"));
        } else if (!isUuid(s.eventId())) {
            v.add(new Violation("eventId", "must be a UUID"));
        }
        validateUnitId(s.unitId(), "unitId", v);
        validateText(s.reference(), "reference", MAX_REFERENCE_LENGTH, false, v);
        validateText(s.summary(), "summary", MAX_SUMMARY_LENGTH, true, v);
        validatePersons(s.persons(), v);
        validateOccurredOn(s.occurredOn(), "occurredOn", today, v);

        if (isBlank(s.indicator())) {
            v.add(new Violation("indicator", "is required"));
            return v;
        }
        Optional<Indicator> indicator = catalog.indicator(s.indicator());
        if (indicator.isEmpty()) {
            v.add(new Violation(
                    "indicator", "unknown indicator '" + s.indicator() + "' in catalog " + catalog.version()));
            return v;
        }
        Optional<Outcome> outcome = outcome(indicator.get(), s.outcome(), "outcome", v);
        if (outcome.isEmpty()) {
            return v;
        }
        Effect effect = outcome.get().effect();
        validatePoints(indicator.get(), effect, s.points(), "points", v);
        validatePeriod(indicator.get(), effect, s.period(), s.occurredOn(), "period", v);
        return v;
    }

    /**
     * Validates the corrected content a provider proposes for a fact of {@code indicatorCode} (第十四条), with field
     * names under {@code prefix} (e.g. {@code amendment.points}).
     */
    public List<Violation> validateAmendment(String indicatorCode, Amendment a, LocalDate today, String prefix) {
        Catalog catalog = catalogs.inForce(today);
        List<Violation> v = new ArrayList<>();
        Indicator indicator = catalog.indicator(indicatorCode).orElse(null);
        if (indicator == null) {
            v.add(new Violation(prefix, "the fact's indicator " + indicatorCode + " is not in the catalog"));
            return v;
        }
        validateOccurredOn(a.occurredOn(), prefix + ".occurredOn", today, v);
        outcome(indicator, a.outcome(), prefix + ".outcome", v).ifPresent(o -> {
            validatePoints(indicator, o.effect(), a.points(), prefix + ".points", v);
            validatePeriod(indicator, o.effect(), a.period(), a.occurredOn(), prefix + ".period", v);
        });
        return v;
    }

    /**
     * Whether an amendment can stand for a fact of {@code indicator}: a known outcome and the points its effect takes
     * ({@code ScoreFold} leaves a correction whose amendment does not fit unapplied).
     */
    public static boolean amendmentFits(Indicator indicator, Amendment a) {
        Optional<Outcome> outcome = indicator.outcome(a.outcome());
        if (outcome.isEmpty() || a.occurredOn().isBefore(ChinaTime.FIRST_ACCEPTED_DAY)) {
            return false;
        }
        List<Violation> v = new ArrayList<>();
        validatePoints(indicator, outcome.get().effect(), a.points(), "points", v);
        if (a.period() != null) { // an amendment naming no period keeps the fact's (amendments before periods)
            validatePeriod(indicator, outcome.get().effect(), a.period(), a.occurredOn(), "period", v);
        }
        return v.isEmpty();
    }

    /** Validates a unit id in a path or body. */
    public static void validateUnitId(String unitId, String field, List<Violation> v) {
        if (isBlank(unitId)) {
            v.add(new Violation(field, "is required"));
        } else if (!isUnitId(unitId)) {
            v.add(new Violation(field, "must be 1–64 letters, digits, '-' or '_'"));
        }
    }

    private static Optional<Outcome> outcome(Indicator indicator, String code, String field, List<Violation> v) {
        if (isBlank(code)) {
            v.add(new Violation(field, "is required"));
            return Optional.empty();
        }
        Optional<Outcome> outcome = indicator.outcome(code);
        if (outcome.isEmpty()) {
            v.add(new Violation(
                    field,
                    "unknown outcome '" + code + "' for indicator " + indicator.code() + "; expected one of "
                            + indicator.outcomes().keySet()));
        }
        return outcome;
    }

    private static void validatePoints(
            Indicator indicator, Effect effect, BigDecimal points, String field, List<Violation> v) {
        if (!effect.takesPoints()) {
            if (points != null) {
                v.add(new Violation(field, "must be absent: " + effect + " fixes the amount"));
            }
            return;
        }
        if (points == null) {
            v.add(new Violation(field, "is required for " + effect));
            return;
        }
        if (points.scale() > MAX_POINTS_SCALE && points.stripTrailingZeros().scale() > MAX_POINTS_SCALE) {
            v.add(new Violation(field, "must have at most two decimal places"));
        }
        if (effect.kind() == EffectKind.ASSESS) {
            if (points.signum() < 0 || points.compareTo(indicator.weight()) > 0) {
                v.add(new Violation(
                        field, "must be between 0 and " + indicator.weight().toPlainString() + " (the full marks)"));
            }
        } else if (points.signum() <= 0 || points.compareTo(effect.amount()) > 0) {
            v.add(new Violation(
                    field,
                    "must be greater than 0 and at most " + effect.amount().toPlainString()));
        }
    }

    private static void validatePeriod(
            Indicator indicator, Effect effect, String period, LocalDate occurredOn, String field, List<Violation> v) {
        if (!effect.takesPeriod()) {
            if (period != null) {
                v.add(new Violation(field, "must be absent: only ASSESS and SET outcomes name a period"));
            }
            return;
        }
        if (isBlank(period)) {
            v.add(new Violation(field, "is required for " + effect.kind() + " (" + allowedFormats(indicator) + ")"));
            return;
        }
        Optional<Period> parsed = Period.parse(period);
        if (parsed.isEmpty()
                || !allowed(indicator.frequency()).contains(parsed.get().kind())) {
            v.add(new Violation(
                    field,
                    "'" + period + "' does not fit indicator " + indicator.code() + " ("
                            + indicator.frequency().name().toLowerCase() + "): " + allowedFormats(indicator)));
            return;
        }
        if (occurredOn != null && parsed.get().start().isAfter(occurredOn)) {
            v.add(new Violation(field, "'" + period + "' begins after occurredOn " + occurredOn));
        }
    }

    /** SCORING.md §3 reading: the period matches the frequency; a monthly indicator also takes an annual period. */
    private static Set<Period.Kind> allowed(Frequency frequency) {
        return switch (frequency) {
            case YEAR_END -> YEAR;
            case MONTHLY -> MONTH_OR_YEAR;
            case QUARTERLY -> QUARTER;
            case HALF_YEARLY -> HALF_YEAR;
            case AS_IT_OCCURS -> ANY_PERIOD;
        };
    }

    // Never modified; EnumSets for their constant-time bit test.
    private static final Set<Period.Kind> YEAR = EnumSet.of(Period.Kind.YEAR);
    private static final Set<Period.Kind> MONTH_OR_YEAR = EnumSet.of(Period.Kind.MONTH, Period.Kind.YEAR);
    private static final Set<Period.Kind> QUARTER = EnumSet.of(Period.Kind.QUARTER);
    private static final Set<Period.Kind> HALF_YEAR = EnumSet.of(Period.Kind.HALF_YEAR);
    private static final Set<Period.Kind> ANY_PERIOD = EnumSet.allOf(Period.Kind.class);

    private static String allowedFormats(Indicator indicator) {
        return switch (indicator.frequency()) {
            case YEAR_END -> "a year such as 2025";
            case MONTHLY -> "a month such as 2025-03, or a year such as 2025";
            case QUARTERLY -> "a quarter such as 2025-Q2";
            case HALF_YEARLY -> "a half-year such as 2025-H1";
            case AS_IT_OCCURS -> "2025, 2025-H1, 2025-Q2 or 2025-03";
        };
    }

    private static void validateOccurredOn(LocalDate occurredOn, String field, LocalDate today, List<Violation> v) {
        if (occurredOn == null) {
            v.add(new Violation(field, "is required"));
        } else if (occurredOn.isBefore(ChinaTime.FIRST_ACCEPTED_DAY)) {
            v.add(new Violation(field, "must be on or after 2021-01-01 (第十五条)"));
        } else if (occurredOn.isAfter(today)) {
            v.add(new Violation(field, "must not be in the future (today is " + today + " in China)"));
        } else if (Window.beyondRetention(occurredOn, today)) {
            v.add(new Violation(
                    field, "is beyond the five-year retention (must be after " + today.minusYears(5) + ", 第八条)"));
        }
    }

    private static void validateText(String text, String field, int max, boolean freeText, List<Violation> v) {
        String problem = PlainText.problem(text, freeText);
        if (problem != null) {
            v.add(new Violation(field, problem));
        } else if (text != null && text.codePointCount(0, text.length()) > max) {
            v.add(new Violation(field, "must be at most " + max + " characters"));
        }
    }

    private static void validatePersons(List<Person> persons, List<Violation> v) {
        if (persons == null) {
            return;
        }
        if (persons.size() > MAX_PERSONS) {
            v.add(new Violation("persons", "must list at most " + MAX_PERSONS + " persons"));
            return;
        }
        for (int i = 0; i < persons.size(); i++) {
            Person p = persons.get(i);
            String at = "persons[" + i + "]";
            if (p == null || isBlank(p.name())) {
                v.add(new Violation(at + ".name", "is required"));
                continue;
            }
            validateText(p.name(), at + ".name", MAX_NAME_LENGTH, false, v);
            validateText(p.position(), at + ".position", MAX_POSITION_LENGTH, false, v);
        }
    }

    /** {@link #UNIT_ID} without a regular expression: every consumer checks every record with it. */
    public static boolean isUnitId(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is an event id: a UUID. */
    public static boolean isEventId(String s) {
        return s != null && isUuid(s);
    }

    /** The 8-4-4-4-12 hexadecimal form, checked without parsing (every consumer checks every record's id). */
    static boolean isUuid(String s) {
        return s.length() == 36
                && s.charAt(8) == '-'
                && s.charAt(13) == '-'
                && s.charAt(18) == '-'
                && s.charAt(23) == '-'
                && hex(s, 0, 8)
                && hex(s, 9, 13)
                && hex(s, 14, 18)
                && hex(s, 19, 23)
                && hex(s, 24, 36);
    }

    private static final boolean[] HEX = new boolean[128];

    static {
        for (char c : "0123456789abcdefABCDEF".toCharArray()) {
            HEX[c] = true;
        }
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 128 || !HEX[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}

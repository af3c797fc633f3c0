package cn.jiyuan.integrity.rules.validation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Person;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

class FactValidatorTest {

    private static final Pattern UUID_FORM = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    @Test
    void anEventIdIsTheHexadecimalUuidFormAndNothingElse() {
        Random random = new Random(11);
        String alphabet = "0123456789abcdefABCDEFgG-_ \u0660\uff10";
        for (int n = 0; n < 200_000; n++) {
            char[] id = UUID.randomUUID().toString().toCharArray();
            for (int k = random.nextInt(3); k > 0; k--) {
                id[random.nextInt(id.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String s = random.nextInt(50) == 0 ? new String(id, 0, random.nextInt(id.length)) : new String(id);
            assertThat(FactValidator.isEventId(s))
                    .as(s)
                    .isEqualTo(UUID_FORM.matcher(s).matches());
        }
        assertThat(FactValidator.isEventId("00000000-0000-0000-0000-00000000000\u0100"))
                .isFalse();
    }

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 30);
    private final FactValidator validator = FactValidator.standard();

    private static FactSubmission submission(
            String indicator, String outcome, String points, String period, String on) {
        return new FactSubmission(
                "7f1c7a44-2a59-4c52-9d1e-2b1e0b7b8f10",
                "FGTJJ",
                indicator,
                outcome,
                points == null ? null : new BigDecimal(points),
                period,
                on == null ? null : LocalDate.parse(on),
                "济纪发〔2026〕3号",
                "summary",
                List.of(new Person("张三", "副局长")));
    }

    private List<Violation> validate(FactSubmission s) {
        return validator.validate(s, TODAY);
    }

    @ParameterizedTest(name = "{0} {1} is valid")
    @CsvFileSource(resources = "/every-outcome.csv")
    void everyOutcomeOfTheTableIsAcceptedAsGiven(
            String indicator, String outcome, String effect, String points, String period) {
        assertThat(validate(submission(indicator, outcome, points, period, "2026-01-15")))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} points={2} period={3} on {4} → {5}: {6}")
    @CsvSource(delimiter = '|', nullValues = "-", quoteCharacter = '"', textBlock = """
            9.9 | X                   | -    | -       | 2026-01-15 | indicator  | unknown indicator '9.9'
            -   | X                   | -    | -       | 2026-01-15 | indicator  | is required
            1.1 | DEDUCTED            | -    | -       | 2026-01-15 | outcome    | unknown outcome 'DEDUCTED' for indicator 1.1
            1.1 | -                   | -    | -       | 2026-01-15 | outcome    | is required
            1.3 | DEDUCTED            | -    | -       | 2026-01-15 | points     | is required for DEDUCT <=3
            1.3 | DEDUCTED            | 0    | -       | 2026-01-15 | points     | must be greater than 0 and at most 3
            1.3 | DEDUCTED            | 3.01 | -       | 2026-01-15 | points     | must be greater than 0 and at most 3
            1.3 | DEDUCTED            | 1.005| -       | 2026-01-15 | points     | must have at most two decimal places
            1.1 | ENFORCEMENT_REVOKED | 1    | -       | 2026-01-15 | points     | must be absent: CASE 2 fixes the amount
            4.7 | EXCELLENT           | 4    | 2025    | 2026-01-15 | points     | must be absent: SET 4 fixes the amount
            2.3 | ASSESSED            | -1   | 2025    | 2026-01-15 | points     | must be between 0 and 4 (the full marks)
            2.3 | ASSESSED            | 4.5  | 2025    | 2026-01-15 | points     | must be between 0 and 4 (the full marks)
            6.4 | PENALISED           | 5.5  | -       | 2026-01-15 | points     | must be greater than 0 and at most 5
            2.3 | ASSESSED            | 3    | -       | 2026-01-15 | period     | is required for ASSESS
            4.7 | EXCELLENT           | -    | -       | 2026-01-15 | period     | is required for SET
            2.3 | ASSESSED            | 3    | 2025-03 | 2026-01-15 | period     | '2025-03' does not fit indicator 2.3 (year_end)
            4.6 | TIER_1              | -    | 2025    | 2026-01-15 | period     | '2025' does not fit indicator 4.6 (quarterly)
            4.2 | ASSESSED            | 3    | 2025-Q1 | 2026-01-15 | period     | '2025-Q1' does not fit indicator 4.2 (monthly)
            4.2 | ASSESSED            | 3    | 2025-13 | 2026-01-15 | period     | '2025-13' does not fit indicator 4.2 (monthly)
            4.2 | ASSESSED            | 3    | 2026-02 | 2026-01-15 | period     | '2026-02' begins after occurredOn 2026-01-15
            1.1 | ENFORCEMENT_REVOKED | -    | 2025    | 2026-01-15 | period     | must be absent: only ASSESS and SET outcomes name a period
            1.1 | ENFORCEMENT_REVOKED | -    | -       | -          | occurredOn | is required
            1.1 | ENFORCEMENT_REVOKED | -    | -       | 2020-12-31 | occurredOn | must be on or after 2021-01-01
            1.1 | ENFORCEMENT_REVOKED | -    | -       | 2026-07-01 | occurredOn | must not be in the future
            """)
    void refusesWithTheFieldAndTheReason(
            String indicator, String outcome, String points, String period, String on, String field, String message) {
        assertThat(validate(submission(indicator, outcome, points, period, on))).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo(field);
            assertThat(v.message()).startsWith(message);
        });
    }

    @Test
    void refusesFactsBeyondTheFiveYearRetention() {
        FactValidator v = FactValidator.standard();
        FactSubmission s = submission("1.1", "ENFORCEMENT_REVOKED", null, null, "2021-01-05");
        assertThat(v.validate(s, LocalDate.of(2026, 1, 4))).isEmpty();
        assertThat(v.validate(s, LocalDate.of(2026, 1, 5)))
                .singleElement()
                .satisfies(x -> assertThat(x.message()).contains("five-year retention"));
    }

    @Test
    void monthlyIndicatorsAlsoTakeAnAnnualPeriod() {
        assertThat(validate(submission("4.2", "ASSESSED", "3", "2025", "2026-01-15")))
                .isEmpty();
    }

    @Test
    void reportsEveryViolationAtOnce() {
        FactSubmission s = new FactSubmission(
                "not-a-uuid",
                "bad unit!",
                "1.3",
                "DEDUCTED",
                null,
                null,
                null,
                "x".repeat(201),
                "y".repeat(4001),
                List.of(new Person(" ", null), new Person("张三", "z".repeat(101))));
        assertThat(validate(s))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "eventId",
                        "unitId",
                        "reference",
                        "summary",
                        "persons[0].name",
                        "persons[1].position",
                        "occurredOn",
                        "points");
    }

    @Test
    void limitsThePersons() {
        List<Person> many = new ArrayList<>(Collections.nCopies(51, new Person("张三", null)));
        FactSubmission s = new FactSubmission(
                "7f1c7a44-2a59-4c52-9d1e-2b1e0b7b8f10",
                "FGTJJ",
                "1.1",
                "ENFORCEMENT_REVOKED",
                null,
                null,
                LocalDate.of(2026, 1, 15),
                null,
                null,
                many);
        assertThat(validate(s)).extracting(Violation::field).containsExactly("persons");
    }

    @Test
    void validatesAnAmendmentAgainstTheFactsIndicator() {
        Amendment ok = new Amendment("DEDUCTED", new BigDecimal("1"), LocalDate.of(2026, 1, 15));
        Amendment badOutcome = new Amendment("ASSESSED", null, LocalDate.of(2026, 1, 15));
        Amendment badPoints = new Amendment("DEDUCTED", new BigDecimal("9"), LocalDate.of(2020, 1, 15));
        assertThat(validator.validateAmendment("1.3", ok, TODAY, "amendment")).isEmpty();
        assertThat(validator.validateAmendment("1.3", badOutcome, TODAY, "amendment"))
                .extracting(Violation::field)
                .containsExactly("amendment.outcome");
        assertThat(validator.validateAmendment("1.3", badPoints, TODAY, "amendment"))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("amendment.occurredOn", "amendment.points");
    }

    /** Audit D10: an amendment turned 5.3 DOUBLE_PUBLICITY_LATE into ASSESSED without a period. */
    @Test
    void anAmendmentNamesAPeriodExactlyWhereANewFactWould() {
        LocalDate on = LocalDate.of(2026, 2, 1);
        assertThat(validator.validateAmendment("5.3", new Amendment("ASSESSED", new BigDecimal("5.5"), on), TODAY, "a"))
                .extracting(Violation::field)
                .containsExactly("a.period");
        assertThat(validator.validateAmendment(
                        "5.3", new Amendment("ASSESSED", new BigDecimal("5.5"), on, "2026-03"), TODAY, "a"))
                .extracting(Violation::field)
                .containsExactly("a.period"); // begins after occurredOn, as for a new fact
        assertThat(validator.validateAmendment(
                        "5.3", new Amendment("ASSESSED", new BigDecimal("5.5"), on, "2026-01"), TODAY, "a"))
                .isEmpty();
        assertThat(validator.validateAmendment(
                        "5.3", new Amendment("DOUBLE_PUBLICITY_LATE", null, on, "2026"), TODAY, "a"))
                .extracting(Violation::field)
                .containsExactly("a.period");
        assertThat(validator.validateAmendment("5.3", new Amendment("DOUBLE_PUBLICITY_LATE", null, on), TODAY, "a"))
                .isEmpty();
    }
}

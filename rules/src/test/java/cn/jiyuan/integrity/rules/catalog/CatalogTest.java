package cn.jiyuan.integrity.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogTest {

    private final Catalog catalog = Catalogs.standard().inForce(LocalDate.of(2026, 6, 30));

    @Test
    void holdsTheThirtyFiveIndicatorsOfTheAnnexInOrder() {
        assertThat(catalog.indicators()).hasSize(35);
        assertThat(catalog.indicators().stream().map(Indicator::code).toList())
                .startsWith("1.1", "1.2", "1.3", "1.4", "2.1")
                .endsWith("6.5", "7.1", "7.2", "7.3", "7.4");
        assertThat(catalog.fullMarks()).isEqualByComparingTo("100");
        assertThat(catalog.organisations()).hasSize(21);
        assertThat(catalog.version()).isEqualTo("jgb-2022-44");
        assertThat(catalog.effectiveFrom()).isEqualTo(LocalDate.of(2023, 1, 6));
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvFileSource(resources = "/every-outcome.csv")
    void everyOutcomeHasTheEffectOfScoringMd(String indicator, String outcome, String effect) {
        assertThat(catalog.indicator(indicator).flatMap(i -> i.outcome(outcome)))
                .map(o -> o.effect().toString())
                .contains(effect);
    }

    @Test
    void theOutcomeTableCoversEveryOutcomeOfTheCatalog() throws IOException {
        Set<String> tested;
        try (InputStream in = getClass().getResourceAsStream("/every-outcome.csv")) {
            tested = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.startsWith("#"))
                    .map(l -> l.split(",")[0] + " " + l.split(",")[1])
                    .collect(Collectors.toSet());
        }
        Set<String> inCatalog = new HashSet<>();
        catalog.indicators().forEach(i -> i.outcomes().keySet().forEach(o -> inCatalog.add(i.code() + " " + o)));
        assertThat(tested).isEqualTo(inCatalog);
    }

    @ParameterizedTest(name = "{0}: weight {1}, {2}, providers {3}")
    @CsvSource(delimiter = '|', textBlock = """
            1.1 | 2  | AS_IT_OCCURS | SFJ SFY
            1.2 | 2  | AS_IT_OCCURS | SFY ZJFY
            1.3 | 3  | YEAR_END     | BB ZWFWJ
            1.4 | 3  | MONTHLY      | BB ZWFWJ
            2.1 | 3  | MONTHLY      | GWHBGS
            2.2 | 3  | MONTHLY      | GWHBGS
            2.3 | 4  | YEAR_END     | GWHBGS
            3.1 | 6  | YEAR_END     | XYB
            3.2 | 6  | YEAR_END     | FGTJJ
            3.3 | 6  | AS_IT_OCCURS | CZJRJ FGTJJ GKW
            3.4 | 2  | MONTHLY      | WMB XZFWZX
            4.1 | 4  | YEAR_END     | JGW
            4.2 | 4  | MONTHLY      | ZWFWJ
            4.3 | 4  | MONTHLY      | XZFWZX
            4.4 | 3  | AS_IT_OCCURS | XCB
            4.5 | 4  | YEAR_END     | ZFW
            4.6 | 4  | QUARTERLY    | YSB
            4.7 | 4  | YEAR_END     | DCB
            4.8 | 4  | MONTHLY      | DCB
            4.9 | 4  | YEAR_END     | DCB
            5.1 | 4  | MONTHLY      | XYB
            5.2 | 4  | MONTHLY      | XYB
            5.3 | 6  | MONTHLY      | XYB
            5.4 | 6  | MONTHLY      | XYB
            5.5 | 2  | YEAR_END     | XYB ZZB
            5.6 | 3  | YEAR_END     | XYB
            6.1 | -5 | AS_IT_OCCURS | JGW SFY ZZB
            6.2 | -5 | AS_IT_OCCURS | DCB
            6.3 | -5 | HALF_YEARLY  | STHJJ
            6.4 | -5 | HALF_YEARLY  | DGWBGS
            6.5 | -5 | HALF_YEARLY  | YJGLJ
            7.1 | 3  | YEAR_END     | DCB
            7.2 | 5  | AS_IT_OCCURS | SELF
            7.3 | 3  | YEAR_END     | YSB
            7.4 | 5  | AS_IT_OCCURS | SELF
            """)
    void everyIndicatorHasTheWeightFrequencyAndProvidersOfTheAnnex(
            String code, BigDecimal weight, Frequency frequency, String providers) {
        Indicator indicator = catalog.indicator(code).orElseThrow();
        assertThat(indicator.weight()).isEqualByComparingTo(weight);
        assertThat(indicator.frequency()).isEqualTo(frequency);
        if (providers.equals("SELF")) {
            assertThat(indicator.selfReported()).isTrue();
            assertThat(indicator.providers()).isEmpty();
        } else {
            assertThat(indicator.selfReported()).isFalse();
            assertThat(indicator.providers()).containsExactlyInAnyOrder(providers.split(" "));
        }
        assertThat(indicator.nameZh()).isNotBlank();
        assertThat(indicator.nameEn()).isNotBlank();
        assertThat(indicator.outcomes().values())
                .allSatisfy(o -> assertThat(o.nameZh()).isNotBlank());
    }

    @Test
    void aLaterVersionTakesOverFromItsEffectiveDate() {
        Catalog revised = load(minimal("v2", "2027-01-01", "100"));
        Catalogs catalogs = new Catalogs(List.of(revised, catalog));
        assertThat(catalogs.inForce(LocalDate.of(2026, 12, 31)).version()).isEqualTo("jgb-2022-44");
        assertThat(catalogs.inForce(LocalDate.of(2027, 1, 1)).version()).isEqualTo("v2");
        assertThat(catalogs.inForce(LocalDate.of(2021, 1, 1)).version()).isEqualTo("jgb-2022-44");
    }

    @Test
    void refusesScoredWeightsThatDoNotAddUpToOneHundred() {
        assertThatThrownBy(() -> load(minimal("bad", "2027-01-01", "99")))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("add up to 99, not 100");
    }

    @Test
    void refusesUnknownEffectsProvidersAndEffectsInTheWrongGroup() {
        String json = """
                { "version": "bad", "effectiveFrom": "2027-01-01", "creditOffice": "XYB",
                  "organisations": { "XYB": "市信用办" }, "debtorListingProviders": ["SFY"],
                  "groups": [ { "number": 1, "kind": "SCORED" }, { "number": 7, "kind": "BONUS" } ],
                  "indicators": [
                    { "code": "1.1", "weight": 100, "frequency": "MONTHLY", "providers": ["NOBODY"],
                      "outcomes": { "A": "CASE 2", "B": "MULTIPLY 3", "C": "BONUS 1", "D": "SET 101" } },
                    { "code": "7.1", "weight": 3, "frequency": "SOMETIMES", "providers": ["XYB"], "outcomes": {} } ] }
                """;
        assertThatThrownBy(() -> load(json))
                .isInstanceOfSatisfying(
                        CatalogException.class,
                        e -> assertThat(e.problems())
                                .contains(
                                        "debtorListingProviders: unknown org SFY",
                                        "indicator 1.1: unknown provider NOBODY",
                                        "indicator 1.1: no provider",
                                        "indicator 1.1 outcome B: unknown effect 'MULTIPLY 3'",
                                        "indicator 1.1 outcome C: BONUS 1 does not belong in a SCORED group",
                                        "indicator 1.1 outcome D: SET 101 exceeds the indicator's full marks 100",
                                        "indicator 7.1: unknown Frequency 'SOMETIMES'",
                                        "indicator 1.1 outcome A: no name in outcomeNames",
                                        "indicator 7.1: no outcomes"));
    }

    @ParameterizedTest
    @CsvSource({"CASE 2,CASE 2", "DEDUCT <=3,DEDUCT <=3", "ZERO,ZERO", "PENALTY <=5,PENALTY <=5", "SET 0,SET 0"})
    void effectNotationRoundTrips(String notation, String printed) {
        assertThat(Effect.parse(notation).toString()).isEqualTo(printed);
    }

    @ParameterizedTest
    @CsvSource({"DEDUCT 3", "CASE <=2", "ZERO 1", "ASSESS 4", "SET", "BONUS -1", "CASE 2 3"})
    void malformedEffectsAreRefused(String notation) {
        assertThatThrownBy(() -> Effect.parse(notation)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String minimal(String version, String from, String weight) {
        return """
                { "version": "%s", "effectiveFrom": "%s", "creditOffice": "XYB",
                  "organisations": { "XYB": "市信用办" }, "debtorListingProviders": [],
                  "groups": [ { "number": 1, "kind": "SCORED" } ],
                  "indicators": [ { "code": "1.1", "weight": %s, "frequency": "MONTHLY", "providers": ["XYB"],
                                    "outcomes": { "ASSESSED": "ASSESS" },
                                    "outcomeNames": { "ASSESSED": "评分" } } ] }
                """.formatted(version, from, weight);
    }

    private static Catalog load(String json) {
        try (InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
            return CatalogLoader.load("test", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

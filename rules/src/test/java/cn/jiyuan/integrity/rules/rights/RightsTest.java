package cn.jiyuan.integrity.rules.rights;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RightsTest {

    private final Catalog catalog = Catalogs.standard().inForce(LocalDate.of(2026, 6, 30));
    private final Rights rights = new Rights(catalog);

    private static Caller caller(String org, String roles) {
        Set<Role> set = Arrays.stream(roles.split(" ")).map(Role::valueOf).collect(Collectors.toSet());
        return new Caller("user-" + org, org, set);
    }

    @ParameterizedTest(name = "{0} as {1} reports {2} about {3}: {4}")
    @CsvSource({
        "SFJ,    PROVIDER,      1.1, FGTJJ, true",
        "SFY,    PROVIDER,      1.1, FGTJJ, true",
        "ZJFY,   PROVIDER,      1.1, FGTJJ, false",
        "SFJ,    UNIT,          1.1, FGTJJ, false",
        "BB,     PROVIDER,      1.4, FGTJJ, true",
        "XYB,    PROVIDER,      5.3, FGTJJ, true",
        "XYB,    CREDIT_OFFICE, 5.3, FGTJJ, false",
        "ZZB,    PROVIDER,      5.5, FGTJJ, true",
        "DCB,    PROVIDER,      4.7, DCB,   true",
        "FGTJJ,  UNIT,          7.4, FGTJJ, true",
        "FGTJJ,  UNIT,          7.2, FGTJJ, true",
        "FGTJJ,  UNIT,          7.4, SFJ,   false",
        "FGTJJ,  PROVIDER,      7.4, FGTJJ, false",
        "XYB,    PROVIDER,      7.4, FGTJJ, false",
        "FGTJJ,  PROVIDER UNIT, 3.2, FGTJJ, true"
    })
    void providersReportOnlyTheirIndicatorsAndUnitsOnlyAboutThemselves(
            String org, String roles, String indicator, String unit, boolean allowed) {
        Decision d = rights.submitFact(
                caller(org, roles), catalog.indicator(indicator).orElseThrow(), unit);
        assertThat(d.allowed()).isEqualTo(allowed);
        if (!allowed) {
            assertThat(d.reason()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0} as {1} lists a debtor: {2}")
    @CsvSource({"SFY, PROVIDER, true", "ZJFY, PROVIDER, true", "SFJ, PROVIDER, false", "SFY, UNIT, false"})
    void onlyTheCourtsListDebtors(String org, String roles, boolean allowed) {
        assertThat(rights.submitDebtorListing(caller(org, roles)).allowed()).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} as {1} registers units: {2}")
    @CsvSource({"XYB, CREDIT_OFFICE, true", "XYB, PROVIDER, false", "SFJ, CREDIT_OFFICE, false"})
    void onlyTheCreditOfficeRegistersUnitsAndReviews(String org, String roles, boolean allowed) {
        assertThat(rights.registerUnit(caller(org, roles)).allowed()).isEqualTo(allowed);
        assertThat(rights.reviewObjection(caller(org, roles)).allowed()).isEqualTo(allowed);
    }

    @Test
    void aUnitObjectsOnlyToItsOwnFactsAndTheProviderDecides() {
        assertThat(rights.fileObjection(caller("FGTJJ", "UNIT"), "FGTJJ").allowed())
                .isTrue();
        assertThat(rights.fileObjection(caller("FGTJJ", "UNIT"), "SFJ").allowed())
                .isFalse();
        assertThat(rights.fileObjection(caller("FGTJJ", "PROVIDER"), "FGTJJ").allowed())
                .isFalse();
        assertThat(rights.decideObjection(caller("JGW", "PROVIDER"), "JGW", "4.1")
                        .allowed())
                .isTrue();
        assertThat(rights.decideObjection(caller("SFJ", "PROVIDER"), "JGW", "4.1")
                        .allowed())
                .isFalse();
        assertThat(rights.decideObjection(caller("JGW", "CONSUMER"), "JGW", "4.1")
                        .allowed())
                .isFalse();
        // A unit token of the provider's org does not decide as the provider (review Z4)…
        assertThat(rights.decideObjection(caller("JGW", "UNIT"), "JGW", "4.1").allowed())
                .isFalse();
        // …except for a fact the unit reported about itself: there the unit is the provider.
        assertThat(rights.decideObjection(caller("FGTJJ", "UNIT"), "FGTJJ", "7.4")
                        .allowed())
                .isTrue();
        assertThat(rights.decideObjection(caller("FGTJJ", "PROVIDER"), "FGTJJ", "7.4")
                        .allowed())
                .isFalse();
    }

    @ParameterizedTest(name = "{0} as {1} reads an objection of {2} addressed to {3}: {4}")
    @CsvSource({
        "FGTJJ, UNIT,          FGTJJ, JGW,   true",
        "SFJ,   UNIT,          FGTJJ, JGW,   false",
        "JGW,   PROVIDER,      FGTJJ, JGW,   true",
        "SFJ,   PROVIDER,      FGTJJ, JGW,   false",
        "FGTJJ, UNIT,          FGTJJ, FGTJJ, true",
        "XYB,   CREDIT_OFFICE, FGTJJ, JGW,   true",
        "SFJ,   CREDIT_OFFICE, FGTJJ, JGW,   false",
        "JGW,   CONSUMER,      FGTJJ, JGW,   false",
        "FGTJJ, PROVIDER,      FGTJJ, JGW,   false",
        "JGW,   UNIT,          FGTJJ, JGW,   false"
    })
    void objectionsAreReadByTheirUnitTheirProviderAndTheCreditOffice(
            String org, String roles, String unit, String provider, boolean allowed) {
        assertThat(rights.readObjection(caller(org, roles), unit, provider).allowed())
                .isEqualTo(allowed);
        assertThat(rights.readsAllObjections(caller(org, roles)))
                .isEqualTo("XYB".equals(org) && "CREDIT_OFFICE".equals(roles));
    }

    @ParameterizedTest(name = "{0} as {1} reads FGTJJ: score {2}, facts {3}")
    @CsvSource({
        "FGTJJ, UNIT,          true,  ALL",
        "SFJ,   UNIT,          false, NONE",
        "XYB,   CREDIT_OFFICE, true,  ALL",
        "SFJ,   CREDIT_OFFICE, false, NONE",
        "CZJ,   CONSUMER,      true,  ALL",
        "JGW,   PROVIDER,      false, PROVIDED_BY_CALLER",
        "XYB,   OPERATOR,      false, NONE"
    })
    void scoresAndFactsAsSectionSevenSixSays(String org, String roles, boolean score, FactScope facts) {
        assertThat(rights.readScore(caller(org, roles), "FGTJJ").allowed()).isEqualTo(score);
        assertThat(rights.readFacts(caller(org, roles), "FGTJJ")).isEqualTo(facts);
    }

    @Test
    void aProviderReadsOnlyTheFactsItProvided() {
        assertThat(rights.readsFact(caller("JGW", "PROVIDER"), "FGTJJ", "JGW")).isTrue();
        assertThat(rights.readsFact(caller("WMB", "PROVIDER"), "FGTJJ", "JGW")).isFalse();
        assertThat(rights.readsFact(caller("FGTJJ", "UNIT"), "FGTJJ", "JGW")).isTrue();
    }

    @ParameterizedTest(name = "{0} as {1}, fact of FGTJJ by {2}: names in clear {3}")
    @CsvSource({
        "XYB,   CREDIT_OFFICE,          JGW,   true",
        "JGW,   PROVIDER,               JGW,   true",
        "JGW,   CONSUMER,               JGW,   false",
        "JGW,   UNIT,                   JGW,   false",
        "SFJ,   PROVIDER,               JGW,   false",
        "DCB,   CONSUMER CREDIT_OFFICE, JGW,   false",
        "FGTJJ, UNIT,                   JGW,   false",
        "FGTJJ, UNIT,                   FGTJJ, true"
    })
    void namesInClearOnlyForTheCreditOfficeAndTheProviderAsProvider(
            String org, String roles, String provider, boolean clear) {
        assertThat(rights.readsNamesInClear(caller(org, roles), provider, "FGTJJ"))
                .isEqualTo(clear);
    }

    @ParameterizedTest(name = "{0} as {1}: all units {2}, audit {3}")
    @CsvSource({
        "XYB, CREDIT_OFFICE, true,  true",
        "CZJ, CONSUMER,      true,  false",
        "JGW, PROVIDER,      false, false",
        "KJZ, UNIT,          false, false",
        "XYB, OPERATOR,      false, false"
    })
    void rankingsForTheCreditOfficeAndConsumersTheAuditForTheCreditOffice(
            String org, String roles, boolean all, boolean audit) {
        assertThat(rights.readAllUnits(caller(org, roles)).allowed()).isEqualTo(all);
        assertThat(rights.readAudit(caller(org, roles)).allowed()).isEqualTo(audit);
    }

    @ParameterizedTest(name = "{0} as {1}: the keys of personal data {2}")
    @CsvSource({
        "query-service, PERSON_KEYS,            true",
        "XYB,           CREDIT_OFFICE,          false",
        "XYB,           CREDIT_OFFICE OPERATOR, false",
        "JGW,           PROVIDER,               false",
        "CZJ,           CONSUMER,               false"
    })
    void theKeysOfPersonalDataGoOnlyToTheServicesThatShowNames(String org, String roles, boolean allowed) {
        assertThat(rights.readPersonKeys(caller(org, roles)).allowed()).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} as {1}: imports history {2}")
    @CsvSource({
        "XYB, OPERATOR,      true",
        "XYB, CREDIT_OFFICE, false",
        "JGW, PROVIDER,      false",
        "KJZ, UNIT,          false"
    })
    void onlyAnOperatorImportsHistory(String org, String roles, boolean allowed) {
        assertThat(rights.importHistory(caller(org, roles)).allowed()).isEqualTo(allowed);
    }

    @Test
    void theEightPurposesOfArticleTen() {
        assertThat(Purpose.values()).hasSize(8);
        assertThat(Purpose.parse("CADRE_SELECTION")).contains(Purpose.CADRE_SELECTION);
        assertThat(Purpose.parse("cadre_selection")).isEmpty();
        assertThat(Purpose.parse(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}: reports {2}, needs a purpose {3}, lists objections {4}")
    @CsvSource({
        "JGW, PROVIDER, true, false, OWN_ORG",
        "KJZ, UNIT, true, false, OWN_ORG",
        "XYB, CREDIT_OFFICE, false, false, ALL",
        "DCB, CONSUMER, false, true, NONE",
        "DCB, CONSUMER;PROVIDER, true, true, OWN_ORG",
        "DCB, CREDIT_OFFICE, false, false, NONE",
        "XYB, OPERATOR, false, false, NONE"
    })
    void whatACallerMayDoBeforeAnyFactIsKnown(
            String org, String roles, boolean reports, boolean purpose, ObjectionScope objections) {
        Caller c = caller(org, roles.replace(';', ' '));
        assertThat(rights.reportFacts(c).allowed()).isEqualTo(reports);
        assertThat(rights.needsPurpose(c)).isEqualTo(purpose);
        assertThat(rights.listObjections(c)).isEqualTo(objections);
    }

    @ParameterizedTest(name = "{0} {1}: keeps results {2}; reads unpublished {3}, published all {4}, FGTJJ's {5}")
    @CsvSource({
        "XYB,   CREDIT_OFFICE, true,  true,  true,  true",
        "DCB,   CREDIT_OFFICE, false, false, false, false",
        "CZJ,   CONSUMER,      false, false, true,  true",
        "FGTJJ, UNIT,          false, false, false, true",
        "KJZ,   UNIT,          false, false, false, false",
        "SFJ,   PROVIDER,      false, false, false, false"
    })
    void theCreditOfficeKeepsOfficialResultsAndPublishedOnesAreReadAsScores(
            String org, String roles, boolean keeps, boolean unpublished, boolean all, boolean fgtjj) {
        Caller c = caller(org, roles);
        assertThat(rights.keepOfficialResults(c).allowed()).isEqualTo(keeps);
        assertThat(rights.readOfficialResult(c, false, "FGTJJ").allowed()).isEqualTo(unpublished);
        assertThat(rights.readOfficialResult(c, true, null).allowed()).isEqualTo(all);
        assertThat(rights.readOfficialResult(c, true, "FGTJJ").allowed()).isEqualTo(fgtjj);
    }

    @ParameterizedTest(name = "{0} {1} keeps the calendar and the catalog: {2}")
    @CsvSource({
        "XYB, CREDIT_OFFICE, true",
        "XYB, CONSUMER,      false",
        "SFJ, PROVIDER,      false",
        "SFJ, CREDIT_OFFICE, false",
        "FGTJJ, UNIT,        false"
    })
    void onlyTheCreditOfficeKeepsTheCalendarAndTheCatalog(String org, String roles, boolean allowed) {
        assertThat(rights.maintainReferenceData(caller(org, roles)).allowed()).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} {1} reads the reporting report of {2}: {3}")
    @CsvSource({
        "XYB, CREDIT_OFFICE, ,    true",
        "XYB, CREDIT_OFFICE, SFJ, true",
        "SFJ, PROVIDER,      SFJ, true",
        "SFJ, PROVIDER,      ,    false",
        "SFJ, PROVIDER,      BB,  false",
        "SFJ, UNIT,          SFJ, false",
        "CZJ, CONSUMER,      CZJ, false"
    })
    void providersReadTheReportOnTheirOwnReporting(String org, String roles, String provider, boolean allowed) {
        assertThat(rights.readReportingReport(caller(org, roles), provider).allowed())
                .isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} {1}: own report {2}; lists unpublished {3}, published {4}")
    @CsvSource({
        "XYB,   CREDIT_OFFICE, ,    true,  true",
        "SFJ,   PROVIDER,      SFJ, false, false",
        "FGTJJ, UNIT,          ,    false, true",
        "CZJ,   CONSUMER,      ,    false, true"
    })
    void whatACallerMeansAndSeesWithoutNamingIt(
            String org, String roles, String ownReport, boolean unpublished, boolean published) {
        Caller c = caller(org, roles);
        assertThat(rights.ownReportingOrg(c)).isEqualTo(ownReport);
        assertThat(rights.listsOfficialVersion(c, false)).isEqualTo(unpublished);
        assertThat(rights.listsOfficialVersion(c, true)).isEqualTo(published);
    }
}

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
        assertThat(rights.decideObjection(caller("JGW", "PROVIDER"), "JGW").allowed())
                .isTrue();
        assertThat(rights.decideObjection(caller("SFJ", "PROVIDER"), "JGW").allowed())
                .isFalse();
        assertThat(rights.decideObjection(caller("JGW", "CONSUMER"), "JGW").allowed())
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
        "FGTJJ, PROVIDER,      FGTJJ, JGW,   false"
    })
    void objectionsAreReadByTheirUnitTheirProviderAndTheCreditOffice(
            String org, String roles, String unit, String provider, boolean allowed) {
        assertThat(rights.readObjection(caller(org, roles), unit, provider).allowed())
                .isEqualTo(allowed);
        assertThat(rights.readsAllObjections(caller(org, roles)))
                .isEqualTo("XYB".equals(org) && "CREDIT_OFFICE".equals(roles));
    }

    @ParameterizedTest(name = "{0} as {1} reads unit FGTJJ (provided facts: {2}): {3}")
    @CsvSource({
        "FGTJJ, UNIT,          false, true",
        "SFJ,   UNIT,          false, false",
        "XYB,   CREDIT_OFFICE, false, true",
        "SFJ,   CREDIT_OFFICE, false, false",
        "CZJ,   CONSUMER,      false, true",
        "JGW,   PROVIDER,      true,  true",
        "JGW,   PROVIDER,      false, false",
        "XYB,   OPERATOR,      false, false"
    })
    void unitsAreReadByThemselvesTheCreditOfficeConsumersAndTheirProviders(
            String org, String roles, boolean provided, boolean allowed) {
        assertThat(rights.readUnit(caller(org, roles), "FGTJJ", provided).allowed())
                .isEqualTo(allowed);
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

    @Test
    void theEightPurposesOfArticleTen() {
        assertThat(Purpose.values()).hasSize(8);
        assertThat(Purpose.parse("CADRE_SELECTION")).contains(Purpose.CADRE_SELECTION);
        assertThat(Purpose.parse("cadre_selection")).isEmpty();
        assertThat(Purpose.parse(null)).isEmpty();
    }
}

package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.facts.Person;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.rights.Role;
import cn.jiyuan.integrity.rules.validation.FactSubmission;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo is what the issue asks for, and every fact in it would be accepted by the rules as sent. */
class DemoDataTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    @Test
    void aboutFortyUnitsOfTheZoneAndEveryIndicator() {
        List<DemoFacts.Fact> facts = DemoData.facts(TODAY);
        assertThat(DemoData.UNITS).hasSizeBetween(38, 45).containsKeys("KJZ", "QYJD", "HLGXQ", "JGW");
        Set<String> indicators = new HashSet<>();
        facts.forEach(f -> indicators.add((String) f.body().get("indicator")));
        assertThat(indicators).hasSize(35);
        assertThat(facts).hasSizeGreaterThan(5000);
        assertThat(facts)
                .allSatisfy(f -> assertThat(LocalDate.parse((String) f.body().get("occurredOn")))
                        .isBetween(TODAY.minusYears(2), TODAY.minusDays(1)));
    }

    @Test
    void everyFactIsRecordedAfterItAroseAndBeforeTheDayOfLoadingSomeLate() {
        WorkdayCalendar calendar = WorkdayCalendar.standard();
        long late = 0;
        for (DemoFacts.Fact f : DemoData.facts(TODAY)) {
            LocalDate occurredOn = LocalDate.parse((String) f.body().get("occurredOn"));
            LocalDate recordedOn = ChinaTime.dateOf(f.recordedAt(TODAY));
            assertThat(recordedOn).isAfterOrEqualTo(occurredOn).isBefore(TODAY);
            assertThat(f.asHistory(TODAY)).containsEntry("providerOrg", f.sender());
            late += calendar.isLate(occurredOn, recordedOn) ? 1 : 0;
        }
        assertThat(late).isPositive().isLessThan(DemoData.facts(TODAY).size() / 2);
    }

    @Test
    void oneDepartmentLeftAMonthUnassessedForAboutAThirdOfTheUnits() {
        String gap = YearMonth.from(TODAY.minusDays(1)).minusMonths(3).toString();
        Set<String> assessed = new HashSet<>();
        for (DemoFacts.Fact f : DemoData.facts(TODAY)) {
            if ("4.3".equals(f.body().get("indicator")) && gap.equals(f.body().get("period"))) {
                assessed.add((String) f.body().get("unitId"));
            }
        }
        // 第十二条's report has something to show, and most units were assessed as usual
        assertThat(assessed.size()).isBetween(DemoData.UNITS.size() / 2, DemoData.UNITS.size() - 5);
    }

    @Test
    void theSameDayGivesTheSameData() {
        assertThat(DemoData.facts(TODAY)).isEqualTo(DemoData.facts(TODAY));
    }

    @Test
    void everyFactIsValidAndSentByAnOrgAllowedToSendIt() {
        Catalog catalog = Catalogs.standard().inForce(TODAY);
        Rights rights = new Rights(catalog);
        FactValidator validator = FactValidator.standard();
        for (DemoFacts.Fact f : DemoData.facts(TODAY)) {
            Map<String, Object> b = f.body();
            @SuppressWarnings("unchecked")
            List<Map<String, String>> persons = (List<Map<String, String>>) b.get("persons");
            FactSubmission s = new FactSubmission(
                    (String) b.get("eventId"),
                    (String) b.get("unitId"),
                    (String) b.get("indicator"),
                    (String) b.get("outcome"),
                    (BigDecimal) b.get("points"),
                    (String) b.get("period"),
                    LocalDate.parse((String) b.get("occurredOn")),
                    (String) b.get("reference"),
                    null,
                    persons == null
                            ? null
                            : persons.stream()
                                    .map(p -> new Person(p.get("name"), p.get("position")))
                                    .toList());
            // as the rules checked it on the day it was recorded
            assertThat(validator.validate(s, ChinaTime.dateOf(f.recordedAt(TODAY))))
                    .as("%s", b)
                    .isEmpty();
            Caller sender = new Caller("demo", f.sender(), Set.of(f.self() ? Role.UNIT : Role.PROVIDER));
            assertThat(rights.submitFact(
                                    sender, catalog.indicator(s.indicator()).orElseThrow(), s.unitId())
                            .allowed())
                    .as("%s sending %s", f.sender(), b)
                    .isTrue();
        }
    }
}

package cn.jiyuan.integrity.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Role;
import cn.jiyuan.integrity.support.IntegritySupportAutoConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The rules live once, in {@code rules/} (README "Where each rule lives"; issue 14): the services ask the rules library
 * who may do what and which dates count, and decide neither themselves. Checked over the classes of every service.
 */
class RulesLiveOnceTest {

    /** The main classes of every service and of the support they share. */
    static final JavaClasses SERVICES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(
                    "cn.jiyuan.integrity.ingest",
                    "cn.jiyuan.integrity.scoring",
                    "cn.jiyuan.integrity.objection",
                    "cn.jiyuan.integrity.query",
                    "cn.jiyuan.integrity.support");

    @Test
    void noServiceDecidesARightByLookingAtARole() {
        noClasses()
                .should()
                .callMethod(Caller.class, "has", Role.class)
                .because("who may do what is the rules library's Rights (SCORING.md §7.6)")
                .check(SERVICES);
    }

    @Test
    void noServiceCountsYearsOfTheWindowOrOfRetention() {
        noClasses()
                .should()
                .callMethod(LocalDate.class, "minusYears", long.class)
                .orShould()
                .callMethod(LocalDate.class, "plusYears", long.class)
                .because("the evaluation window and retention are the rules library's Window (第八条)")
                .check(SERVICES);
    }

    @Test
    void everyServiceUsesTheCalendarAndTheCatalogsInForce() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(IntegritySupportAutoConfiguration.class.getName())
                .should()
                .callMethod(WorkdayCalendar.class, "standard")
                .orShould()
                .callMethod(Catalogs.class, "standard")
                .because("the shipped calendar and catalogs lack the credit office's uploads (issue 16 §5): a service"
                        + " takes the WorkdayCalendar and Catalogs beans, views of what is in force")
                .check(SERVICES);
    }

    @Test
    void theRulesSeeTheServices() {
        // Guards the guard: an importer that found no classes would make the rules above pass vacuously.
        assertThat(SERVICES.containPackage("cn.jiyuan.integrity.query.web")).isTrue();
        assertThat(SERVICES.size()).isGreaterThan(100);
    }
}

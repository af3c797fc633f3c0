package cn.jiyuan.integrity.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The rules stay a pure library (STYLE.md): no Spring, Kafka, Avro, R2DBC or reactive types. */
class NoFrameworksInRulesTest {

    private static final JavaClasses RULES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.jiyuan.integrity.rules");

    @Test
    void rulesDependOnNoFramework() {
        noClasses()
                .that()
                .resideInAPackage("cn.jiyuan.integrity.rules..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "org.apache.kafka..",
                        "org.apache.avro..",
                        "io.r2dbc..",
                        "reactor..",
                        "org.reactivestreams..",
                        "org.flywaydb..")
                .check(RULES);
    }

    @Test
    void theRuleSeesTheRules() {
        // Guards the guard: an importer that found no classes would make the rule above pass vacuously.
        Assertions.assertThat(RULES.size()).isGreaterThan(30);
    }
}

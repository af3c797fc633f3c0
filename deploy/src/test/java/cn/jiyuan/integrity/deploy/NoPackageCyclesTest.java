package cn.jiyuan.integrity.deploy;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every service's packages depend on each other one way only (issue 18 §1): a package can be read, and moved, without
 * the ones that use it. A slice is a service's root package (its application and wiring) or one package below it with
 * its own subpackages.
 */
class NoPackageCyclesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "cn.jiyuan.integrity.rules",
                "cn.jiyuan.integrity.schemas",
                "cn.jiyuan.integrity.support",
                "cn.jiyuan.integrity.ingest",
                "cn.jiyuan.integrity.scoring",
                "cn.jiyuan.integrity.objection",
                "cn.jiyuan.integrity.query",
                "cn.jiyuan.integrity.console"
            })
    void thePackagesOfEachModuleFormNoCycle(String root) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
        slices().assignedFrom(packagesBelow(root)).should().beFreeOfCycles().check(classes);
    }

    private static SliceAssignment packagesBelow(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (name.equals(root)) {
                    return SliceIdentifier.of("(root)");
                }
                if (!name.startsWith(root + ".")) {
                    return SliceIdentifier.ignore();
                }
                String below = name.substring(root.length() + 1);
                int dot = below.indexOf('.');
                return SliceIdentifier.of(dot < 0 ? below : below.substring(0, dot));
            }

            @Override
            public String getDescription() {
                return "the packages below " + root;
            }
        };
    }
}

package cn.jiyuan.integrity.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

/**
 * Refusals are values until the web layer (issue 18 §4): workflows and services throw the service's {@code Refusal}
 * (what kind of no, and why); only the web layer — controllers, filters, security, {@code ProblemHandling} — speaks of
 * HTTP statuses. The applications and auto-configurations, which wire the web layer, may name it.
 */
class RefusalsAreValuesTest {

    @Test
    void onlyTheWebLayerKnowsHttpStatuses() {
        noClasses()
                .that()
                .resideOutsideOfPackages("..web..", "..problems..", "..security..", "..audit..")
                .and()
                .haveSimpleNameNotEndingWith("Controller")
                .and()
                .haveSimpleNameNotEndingWith("Filter")
                .and()
                .haveNameNotMatching(".*(Controller|Filter)\\$.*")
                .and()
                .haveSimpleNameNotEndingWith("Application")
                .and()
                .haveSimpleNameNotEndingWith("Configuration")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.http.HttpStatus")
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("cn.jiyuan.integrity.support.problems..")
                .because("a workflow or service says no with a Refusal; ProblemHandling alone maps it to a status")
                .check(RulesLiveOnceTest.SERVICES);
    }
}

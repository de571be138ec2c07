package io.gatehouse;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency directions of docs/architecture.md, checked on the main classes: the build fails when a change
 * makes two top-level packages need each other, lets the data plane or the policy engine reach into the Platform API,
 * or gives the wire-format translators or the deterministic detectors a dependency beyond the domain and crypto.
 */
@AnalyzeClasses(packages = "io.gatehouse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule topLevelPackagesAreFreeOfCycles = slices().matching("io.gatehouse.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule dataPlaneDoesNotReachIntoThePlatformApi = noClasses()
            .that().resideInAnyPackage("io.gatehouse.gateway..", "io.gatehouse.policy..", "io.gatehouse.observe..",
                    "io.gatehouse.provider..")
            .should().dependOnClassesThat().resideInAPackage("io.gatehouse.platform..");

    @ArchTest
    static final ArchRule providersKnowOnlyTheDomainAndCrypto = noClasses()
            .that().resideInAPackage("io.gatehouse.provider..")
            .should().dependOnClassesThat(gatehouseOutside("io.gatehouse.provider.."));

    @ArchTest
    static final ArchRule detectorsKnowOnlyTheDomainAndCrypto = noClasses()
            .that().resideInAPackage("io.gatehouse.policy.detect..")
            .should().dependOnClassesThat(gatehouseOutside("io.gatehouse.policy.detect.."));

    /** A class of Gatehouse outside {@code own}, the domain and crypto. */
    private static DescribedPredicate<JavaClass> gatehouseOutside(String own) {
        return resideInAPackage("io.gatehouse..")
                .and(not(resideInAnyPackage(own, "io.gatehouse.model..", "io.gatehouse.crypto..")))
                .as("classes of Gatehouse outside " + own + ", model and crypto");
    }
}

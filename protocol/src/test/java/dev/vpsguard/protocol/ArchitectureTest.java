package dev.vpsguard.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The wire protocol is shared by the agent and the server: it may use the JDK and Jackson, nothing
 * else, so neither side drags its stack into the other.
 */
class ArchitectureTest {
    @Test
    void dependsOnlyOnTheJdkAndJackson() {
        classes()
                .that()
                .resideInAPackage("dev.vpsguard.protocol..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.vpsguard.protocol..", "java..", "com.fasterxml.jackson..")
                .check(
                        new ClassFileImporter()
                                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                .importPackages("dev.vpsguard.protocol"));
    }
}

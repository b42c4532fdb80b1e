package dev.vpsguard.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package structure the code map in server/README.md describes: packages named for concerns
 * with no cycle among them, and pure cores (detectors, ladders, policies) that know nothing of the
 * framework, the database, the network or the file system, so they stay testable with injected
 * time.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.vpsguard.server");

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.vpsguard.server.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void pureCoresUseNoFrameworkDatabaseNetworkOrFiles() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.vpsguard.server.detect..",
                        "dev.vpsguard.server.ladder..",
                        "dev.vpsguard.server.policy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micronaut..", "java.sql..", "java.net..", "java.nio.file..")
                .check(MAIN);
    }
}

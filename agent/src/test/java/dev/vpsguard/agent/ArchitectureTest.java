package dev.vpsguard.agent;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The agent's packages (code map in agent/README.md) form no dependency cycle. */
class ArchitectureTest {
    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.vpsguard.agent.(**)")
                .should()
                .beFreeOfCycles()
                .check(
                        new ClassFileImporter()
                                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                .importPackages("dev.vpsguard.agent"));
    }
}

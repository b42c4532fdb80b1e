package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.smtp.CountingRules.Generation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Golden files of the counting table, in the directory whose every script {@code
 * NftGoldenSyntaxTest} passes through {@code nft -c}. Regenerate after an intended change with
 * {@code -Dvpsguard.golden.update=true} and review the diff.
 */
class CountingRulesTest {
    static final Path GOLDEN = Path.of("src/test/resources/nft/golden");
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final Duration DEADLINE = Duration.ofSeconds(5);

    @Test
    void theInstalledTableMatchesItsGoldenFile() throws IOException {
        golden("watch_counting", WatchTables.script(DEADLINE, T0));
    }

    @Test
    void aSwapAfterTheInstallMatchesItsGoldenFile() throws IOException {
        // The install first, so that nft -c of the golden file knows the table.
        golden(
                "watch_counting_swap",
                CountingRules.install(DEADLINE, Generation.A, T0)
                        + CountingRules.swap(Generation.B, T0.plusSeconds(5)));
    }

    @Test
    void aSwapEmptiesOnlyTheNextGenerationAndIsOneLine() {
        String swap = CountingRules.swap(Generation.B, T0);
        assertThat(swap.lines()).hasSize(1);
        assertThat(swap).contains("flush set inet vpsguard_watch flows4_b");
        assertThat(swap).doesNotContain("_a ").doesNotContain("_a;").doesNotContain("pending4;");
        assertThat(swap).contains("@flows4_b").doesNotContain("@flows4_a");
        assertThat(swap).contains("\"vpsguard window since 2026-12-03T10:00:00Z\"");
    }

    @Test
    void theLayoutFingerprintFollowsTheDeadlineButNotTheGenerationOrTime() {
        assertThat(CountingRules.layout(DEADLINE)).isEqualTo(CountingRules.layout(DEADLINE));
        assertThat(CountingRules.layout(Duration.ofSeconds(7)))
                .isNotEqualTo(CountingRules.layout(DEADLINE));
        assertThat(CountingRules.install(DEADLINE, Generation.B, T0.plusSeconds(60)))
                .contains("vpsguard layout " + CountingRules.layout(DEADLINE));
        assertThat(CountingRules.install(Duration.ofMillis(2500), Generation.A, T0))
                .contains("timeout 2500ms;");
    }

    private static void golden(String name, String rendered) throws IOException {
        Path file = GOLDEN.resolve(name + ".nft");
        if (Boolean.getBoolean("vpsguard.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, rendered, StandardCharsets.UTF_8);
        }
        assertThat(rendered).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}

package dev.vpsguard.agent.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden script passes {@code nft -c -f} (check only: nothing is applied anywhere). Needs
 * root and nft, as the check still talks to the kernel's netlink.
 */
class NftGoldenSyntaxTest {
    static Stream<Path> goldenFiles() throws IOException {
        try (Stream<Path> files = Files.list(NftablesRendererTest.GOLDEN)) {
            return files.filter(p -> p.toString().endsWith(".nft")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void goldenScriptPassesNftCheck(Path file) {
        Netns.assumeRootWith("nft");
        CommandRunner.CommandResult r =
                SystemCommandRunner.host()
                        .run(List.of("nft", "-c", "-f", file.toAbsolutePath().toString()));
        Assumptions.assumeFalse(
                r.stderr().contains("Operation not permitted"),
                "nft -c needs CAP_NET_ADMIN: " + r.stderr());
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }
}

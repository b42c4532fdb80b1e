package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lab builds the docs/lab.md topology and leaves nothing behind, however a test ends. */
class LabTeardownTest {
    @BeforeEach
    void needsLab() {
        Assumptions.assumeTrue(
                Lab.missingPrerequisite().isEmpty(),
                () -> "lab test skipped: " + Lab.missingPrerequisite().orElse(""));
    }

    @Test
    void buildsProxmoxLikeTopologyAndDeletesEveryNamespaceOnClose() {
        Lab lab = Lab.builder().guestInSubnet(101).guestOutOfSubnet(102).build();
        LabProcess sleeper;
        try (lab) {
            assertThat(namespacesWithPrefix(lab.prefix()))
                    .containsExactlyInAnyOrderElementsOf(lab.namespaces())
                    .contains(lab.hv(), lab.inet(), lab.prefix() + "-101", lab.prefix() + "-102");
            String links = lab.exec(lab.hv(), "ip", "-o", "link", "show").orThrow().output();
            assertThat(links)
                    .contains("tap101i0@", "tap102i0@", "uplink@")
                    .containsPattern("tap101i0@\\S+ .*master vmbr0")
                    .containsPattern("uplink@\\S+ .*master vmbr0");
            assertThat(lab.exec(lab.hv(), "ip", "-o", "-4", "addr", "show", "vmbr0").output())
                    .contains(Lab.HOST_ADDRESS + "/24");
            assertThat(
                            lab.exec(
                                            lab.hv(),
                                            "cat",
                                            "/proc/sys/net/bridge/bridge-nf-call-iptables")
                                    .output()
                                    .strip())
                    .isEqualTo("1");
            assertThat(lab.exec(lab.guest(102).namespace(), "ip", "-4", "-o", "addr").output())
                    .contains("eth0", "203.0.113.102/24");
            assertThat(lab.exec(lab.inet(), "ip", "-4", "-o", "addr").output())
                    .contains("198.51.100.201/24", "198.51.100.240/24", "203.0.113.1/24");
            sleeper = lab.spawn(lab.guest(101).namespace(), "sleep", "300");
            assertThat(sleeper.isAlive()).isTrue();
        }
        assertThat(namespacesWithPrefix(lab.prefix())).isEmpty();
        assertThat(sleeper.isAlive()).isFalse();
        assertThat(Files.exists(lab.workDir())).isFalse();
    }

    @Test
    void failureInsideTheTestStillTearsEverythingDown() {
        String[] prefix = new String[1];
        LabProcess[] proc = new LabProcess[1];
        assertThatThrownBy(
                        () -> {
                            try (Lab lab = Lab.builder().guestInSubnet(101).mx(1, 0, 0).build()) {
                                prefix[0] = lab.prefix();
                                proc[0] = lab.spawn(lab.guest(101).namespace(), "sleep", "300");
                                throw new AssertionError("forced failure inside a lab test");
                            }
                        })
                .hasMessage("forced failure inside a lab test");
        assertThat(namespacesWithPrefix(prefix[0])).isEmpty();
        assertThat(proc[0].isAlive()).isFalse();
    }

    @Test
    void shutdownHookTearsDownWhenTheJvmExitsWithoutClosing() {
        // A separate JVM builds a lab and calls System.exit without closing it.
        ExecResult r =
                LabCommands.run(
                        Lab.javaCommand(LabExitProbe.class.getName()),
                        Duration.ofSeconds(60),
                        null);
        assertThat(r.exitCode()).as(r.output()).isEqualTo(3);
        Matcher m = Pattern.compile("PREFIX (vglab[0-9a-f]{4}) PID (\\d+)").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        assertThat(namespacesWithPrefix(m.group(1))).isEmpty();
        assertThat(ProcessHandle.of(Long.parseLong(m.group(2))).map(ProcessHandle::isAlive))
                .isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void refusesToRunCommandsOutsideItsOwnNamespaces() {
        try (Lab lab = Lab.builder().mx(1, 0, 0).build()) {
            assertThatThrownBy(() -> lab.exec("default", "true"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a namespace of lab " + lab.prefix());
        }
    }

    static List<String> namespacesWithPrefix(String prefix) {
        String out =
                LabCommands.run(
                                List.of(LabPrerequisites.tool("ip"), "netns", "list"),
                                Duration.ofSeconds(10),
                                null)
                        .orThrow()
                        .output();
        // Lines look like "name" or "name (id: 3)".
        return Arrays.stream(out.split("\n"))
                .map(l -> l.split(" ")[0].strip())
                .filter(n -> n.startsWith(prefix + "-"))
                .toList();
    }
}

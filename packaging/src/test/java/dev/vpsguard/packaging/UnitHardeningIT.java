package dev.vpsguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The units as the packages ship them, read by the real {@code systemd-analyze}: {@code verify}
 * passes and {@code security --offline=true} scores them within the targets (agent ≤ 5.0, server ≤
 * 2.5; lower is better).
 */
class UnitHardeningIT {
    private static final Path DEB_DIR = Path.of(System.getProperty("vpsguard.debDir", "target"));
    private static final Pattern OVERALL =
            Pattern.compile("Overall exposure level for (\\S+): (\\d+\\.\\d) ");

    @TempDir static Path dir;

    @BeforeAll
    static void unpackTheUnits() throws Exception {
        assumeTrue(
                Tools.onPath("systemd-analyze"),
                "systemd-analyze is not installed: the units are not verified nor scored");
        for (String pkg : List.of("vpsguard-agent", "vpsguard-server")) {
            Files.writeString(
                    dir.resolve(pkg + ".service"),
                    Tools.extract(
                            Tools.deb(DEB_DIR, pkg), "./lib/systemd/system/" + pkg + ".service"));
        }
    }

    @Test
    void bothUnitsPassSystemdAnalyzeVerify() throws Exception {
        for (String unit : List.of("vpsguard-agent.service", "vpsguard-server.service")) {
            Tools.Result r =
                    Tools.run(
                            List.of(
                                    "systemd-analyze",
                                    "verify",
                                    "--man=no",
                                    dir.resolve(unit).toString()),
                            "");
            // The only complaint allowed: the server's launcher is not installed on this machine.
            List<String> complaints =
                    Stream.concat(r.out().lines(), r.err().lines())
                            .filter(l -> !l.isBlank())
                            .filter(
                                    l ->
                                            !l.contains(
                                                    "/usr/bin/vpsguard-server is not executable: No such file or directory"))
                            .toList();
            assertThat(complaints).as(unit).isEmpty();
        }
    }

    @Test
    void theAgentScoresAtMostFive() throws Exception {
        assertThat(exposure("vpsguard-agent.service")).isLessThanOrEqualTo(5.0);
    }

    @Test
    void theServerScoresAtMostTwoAndAHalf() throws Exception {
        assertThat(exposure("vpsguard-server.service")).isLessThanOrEqualTo(2.5);
    }

    @Test
    void theAgentKeepsOnlyTheCapabilitiesItsToolsUse() throws Exception {
        String unit = Files.readString(dir.resolve("vpsguard-agent.service"));
        assertThat(unit)
                .contains(
                        "\nCapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_BIND_SERVICE"
                                + " CAP_DAC_OVERRIDE CAP_CHOWN CAP_FOWNER\n")
                .contains("\nRestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK\n")
                .contains("\nSystemCallFilter=@system-service\n")
                .contains("\nProtectSystem=strict\n")
                .contains("\nProtectKernelModules=true\n")
                .contains("\nProtectClock=true\n")
                // Not enrolled or misconfigured (exit 2): no restart loop.
                .contains("\nRestartPreventExitStatus=2\n")
                .doesNotContain("AmbientCapabilities=CAP_SYS_ADMIN");
        String server = Files.readString(dir.resolve("vpsguard-server.service"));
        assertThat(server).contains("\nUser=vpsguard\n").contains("\nCapabilityBoundingSet=\n");
    }

    /** The overall exposure {@code systemd-analyze security --offline=true} gives the unit. */
    private static double exposure(String unit) throws Exception {
        Tools.Result r =
                Tools.run(
                        List.of(
                                "systemd-analyze",
                                "security",
                                "--offline=true",
                                "--no-pager",
                                dir.resolve(unit).toString()),
                        "");
        Matcher m = OVERALL.matcher(r.out());
        assertThat(m.find()).as("no overall exposure in:\n" + r.out() + r.err()).isTrue();
        assertThat(m.group(1)).isEqualTo(unit);
        return Double.parseDouble(m.group(2));
    }
}

package dev.vpsguard.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RunStateParserTest {
    private static byte[] cmdline(String... args) {
        return (String.join("\0", args) + "\0").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void cmdlineWithOwnPidfileMatchesUnderVarRunAndRun() {
        assertThat(
                        RunStateParser.cmdlineCarriesPidfile(
                                cmdline(
                                        "/usr/bin/kvm",
                                        "-id",
                                        "100",
                                        "-pidfile",
                                        "/var/run/qemu-server/100.pid"),
                                100))
                .isTrue();
        assertThat(
                        RunStateParser.cmdlineCarriesPidfile(
                                cmdline("/usr/bin/kvm", "-pidfile", "/run/qemu-server/100.pid"),
                                100))
                .isTrue();
    }

    @Test
    void cmdlineOfAnotherVmOrProcessDoesNotMatch() {
        assertThat(
                        RunStateParser.cmdlineCarriesPidfile(
                                cmdline(
                                        "/usr/bin/kvm",
                                        "-pidfile",
                                        "/var/run/qemu-server/1000.pid"),
                                100))
                .isFalse();
        assertThat(RunStateParser.cmdlineCarriesPidfile(cmdline("/usr/sbin/sshd", "-D"), 100))
                .isFalse();
        assertThat(RunStateParser.cmdlineCarriesPidfile(cmdline("kvm", "-pidfile"), 100)).isFalse();
        assertThat(RunStateParser.cmdlineCarriesPidfile(new byte[0], 100)).isFalse();
    }

    @Test
    void pidFileNeedsAPositiveNumberOnItsFirstLine() {
        assertThat(RunStateParser.parsePid(List.of("4242"))).isEqualTo(4242);
        assertThat(RunStateParser.parsePid(List.of(" 4242 "))).isEqualTo(4242);
        assertThat(RunStateParser.parsePid(List.of())).isNull();
        assertThat(RunStateParser.parsePid(List.of("0"))).isNull();
        assertThat(RunStateParser.parsePid(List.of("-1"))).isNull();
        assertThat(RunStateParser.parsePid(List.of("99999999999"))).isNull();
    }

    @Test
    void populatedFlagIsReadFromCgroupEvents() {
        assertThat(RunStateParser.parsePopulated(List.of("populated 1", "frozen 0"))).isTrue();
        assertThat(RunStateParser.parsePopulated(List.of("populated 0", "frozen 0"))).isFalse();
        assertThat(RunStateParser.parsePopulated(List.of("frozen 0"))).isNull();
        assertThat(RunStateParser.parsePopulated(List.of("populated x"))).isNull();
    }

    @Property(tries = 500)
    void randomBytesNeverMakeACmdlineMatchWithoutThePidfile(@ForAll byte[] bytes) {
        boolean matches = RunStateParser.cmdlineCarriesPidfile(bytes, 77);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (matches) {
            assertThat(text).contains("-pidfile\0").contains("/qemu-server/77.pid");
        }
    }

    @Property(tries = 500)
    void randomLinesGiveAPositivePidOrNull(@ForAll List<String> lines) {
        Integer pid = RunStateParser.parsePid(lines);
        assertThat(pid)
                .satisfiesAnyOf(p -> assertThat(p).isNull(), p -> assertThat(p).isPositive());
        RunStateParser.parsePopulated(lines);
        RunStateParser.hasProcess(lines);
    }
}

package dev.vpsguard.agent.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fake {@code qm} and {@code pct} first on the child's PATH record their exact argv. */
class ProxmoxGuestControlTest {
    @TempDir Path dir;
    Path log;
    ProxmoxGuestControl control;

    @BeforeEach
    void fakeTools() throws IOException {
        log = dir.resolve("argv.log");
        for (String tool : List.of("qm", "pct")) {
            Path script = dir.resolve(tool);
            Files.writeString(
                    script,
                    "#!/bin/sh\n"
                            + "echo \""
                            + tool
                            + " $*\" >> '"
                            + log
                            + "'\n"
                            + "if [ \"$2\" = 999 ]; then echo \"VM 999 does not exist\" >&2; exit 2; fi\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String path = dir + ":" + System.getenv("PATH");
        control =
                new ProxmoxGuestControl(
                        new SystemCommandRunner(
                                List.of(), Map.of("PATH", path), Duration.ofSeconds(10)));
    }

    List<String> calls() throws IOException {
        return Files.readAllLines(log);
    }

    @Test
    void vmCommandsAreExactlyTheQmForms() throws IOException {
        assertThat(control.limitCpu(101, GuestKind.QEMU, 2.0).ok()).isTrue();
        assertThat(control.limitCpu(101, GuestKind.QEMU, 1.5).ok()).isTrue();
        assertThat(control.clearCpuLimit(101, GuestKind.QEMU).ok()).isTrue();
        assertThat(control.suspend(101, GuestKind.QEMU).ok()).isTrue();
        assertThat(control.resume(101, GuestKind.QEMU).ok()).isTrue();
        assertThat(calls())
                .containsExactly(
                        "qm set 101 --cpulimit 2",
                        "qm set 101 --cpulimit 1.5",
                        "qm set 101 --delete cpulimit",
                        "qm suspend 101",
                        "qm resume 101");
    }

    @Test
    void containerCommandsAreExactlyThePctForms() throws IOException {
        control.limitCpu(200, GuestKind.LXC, 0.25);
        control.clearCpuLimit(200, GuestKind.LXC);
        control.suspend(200, GuestKind.LXC);
        control.resume(200, GuestKind.LXC);
        assertThat(calls())
                .containsExactly(
                        "pct set 200 -cpulimit 0.25",
                        "pct set 200 -delete cpulimit",
                        "pct suspend 200",
                        "pct resume 200");
    }

    @Test
    void failingCommandGivesAFailedResultWithStderr() {
        GuestControl.Result r = control.suspend(999, GuestKind.QEMU);
        assertThat(r.ok()).isFalse();
        assertThat(r.detail())
                .contains("qm suspend 999")
                .contains("exited 2")
                .contains("VM 999 does not exist");
    }

    @Test
    void outOfRangeCpuLimitFailsWithoutRunningAnything() {
        assertThat(control.limitCpu(101, GuestKind.QEMU, 0).ok()).isFalse();
        assertThat(control.limitCpu(101, GuestKind.QEMU, Double.NaN).ok()).isFalse();
        assertThat(log).doesNotExist();
        assertThat(control.suspend(7, GuestKind.QEMU).detail()).contains("invalid vmid");
        assertThat(log).doesNotExist();
    }

    @Test
    void missingToolIsAFailedResult() {
        ProxmoxGuestControl noTools =
                new ProxmoxGuestControl(
                        new SystemCommandRunner(
                                List.of(),
                                Map.of("PATH", dir.resolve("none").toString()),
                                Duration.ofSeconds(5)));
        GuestControl.Result r = noTools.resume(101, GuestKind.QEMU);
        assertThat(r.ok()).isFalse();
        assertThat(r.detail()).contains("qm: command not found");
    }
}

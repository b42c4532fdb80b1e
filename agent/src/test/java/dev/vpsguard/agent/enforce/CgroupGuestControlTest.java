package dev.vpsguard.agent.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupGuestControlTest {
    @TempDir Path root;

    @Test
    void cpuLimitsAndFreezingWriteTheGuestsCgroupFiles() throws IOException {
        Path vm = Files.createDirectories(root.resolve("qemu.slice/101.scope"));
        Path ct = Files.createDirectories(root.resolve("lxc/200"));
        CgroupGuestControl c = new CgroupGuestControl(root);

        assertThat(c.limitCpu(101, GuestKind.QEMU, 1.5).ok()).isTrue();
        assertThat(Files.readString(vm.resolve("cpu.max"))).isEqualTo("150000 100000\n");
        assertThat(c.clearCpuLimit(101, GuestKind.QEMU).ok()).isTrue();
        assertThat(Files.readString(vm.resolve("cpu.max"))).isEqualTo("max 100000\n");
        assertThat(c.suspend(200, GuestKind.LXC).ok()).isTrue();
        assertThat(Files.readString(ct.resolve("cgroup.freeze"))).isEqualTo("1\n");
        assertThat(c.resume(200, GuestKind.LXC).ok()).isTrue();
        assertThat(Files.readString(ct.resolve("cgroup.freeze"))).isEqualTo("0\n");
    }

    @Test
    void aGuestWithoutACgroupFailsWithTheReason() {
        GuestControl.Result r = new CgroupGuestControl(root).suspend(105, GuestKind.QEMU);
        assertThat(r.ok()).isFalse();
        assertThat(r.detail()).contains("105.scope").contains("no such cgroup");
    }

    @Test
    void anOutOfRangeLimitIsRefusedWithoutWriting() throws IOException {
        Path vm = Files.createDirectories(root.resolve("qemu.slice/101.scope"));
        assertThat(new CgroupGuestControl(root).limitCpu(101, GuestKind.QEMU, 0).ok()).isFalse();
        assertThat(vm.resolve("cpu.max")).doesNotExist();
    }

    @Test
    void noGuestControlFailsLimitsButHasNothingToUndo() {
        NoGuestControl none = new NoGuestControl();
        assertThat(none.limitCpu(101, GuestKind.QEMU, 1).ok()).isFalse();
        assertThat(none.suspend(101, GuestKind.QEMU).detail()).contains("guestControl: none");
        assertThat(none.clearCpuLimit(101, GuestKind.QEMU).ok()).isTrue();
        assertThat(none.resume(101, GuestKind.QEMU).ok()).isTrue();
    }
}

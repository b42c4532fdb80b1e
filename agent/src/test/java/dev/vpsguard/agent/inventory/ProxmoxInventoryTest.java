package dev.vpsguard.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxmoxInventoryTest {
    @TempDir Path tmp;

    @Test
    void loadsEveryGuestOfTheFixtureHostSortedByVmid() {
        List<Guest> guests = new ProxmoxInventory(Fixtures.pveHost()).load();
        assertThat(guests)
                .extracting(Guest::vmid)
                .containsExactly(100, 101, 102, 103, 200, 201, 202);
        assertThat(guests)
                .extracting(Guest::kind)
                .containsExactly(
                        GuestKind.QEMU,
                        GuestKind.QEMU,
                        GuestKind.QEMU,
                        GuestKind.QEMU,
                        GuestKind.LXC,
                        GuestKind.LXC,
                        GuestKind.LXC);
    }

    @Test
    void vmRunsOnlyWhenItsPidCmdlineCarriesItsPidfile() {
        List<Guest> guests = new ProxmoxInventory(Fixtures.pveHost()).load();
        // 103's pid file points at a pid now used by sshd: a stale pid file.
        assertThat(guests)
                .filteredOn(g -> g.kind() == GuestKind.QEMU)
                .extracting(Guest::running)
                .containsExactly(true, true, true, false);
    }

    @Test
    void containerRunsWhenItsCgroupIsPopulatedOrItsNsCgroupHasProcesses() {
        List<Guest> guests = new ProxmoxInventory(Fixtures.pveHost()).load();
        // 200: cgroup.events populated 1, processes only in ns/init.scope (systemd inside).
        // 201: no cgroup.events; pids in ns/cgroup.procs. 202: populated 0.
        assertThat(guests)
                .filteredOn(g -> g.kind() == GuestKind.LXC)
                .extracting(Guest::running)
                .containsExactly(true, true, false);
    }

    @Test
    void vmWithoutPidFileOrWithVanishedProcessIsStopped() throws IOException {
        Path root = Fixtures.copyPveHost(tmp);
        Files.delete(root.resolve("run/qemu-server/100.pid"));
        Files.delete(root.resolve("proc/4343/cmdline"));
        Files.writeString(root.resolve("run/qemu-server/102.pid"), "garbage\n");
        List<Guest> guests = new ProxmoxInventory(root).load();
        assertThat(guests.subList(0, 3))
                .extracting(Guest::running)
                .containsExactly(false, false, false);
    }

    @Test
    void missingTreeGivesNoGuestsAndNoException() {
        assertThat(new ProxmoxInventory(tmp.resolve("nothing-here")).load()).isEmpty();
    }

    @Test
    void unreadableOrOddlyNamedConfigIsSkippedAndTheOthersStillLoad() throws IOException {
        Path root = Fixtures.copyPveHost(tmp);
        Files.createDirectories(root.resolve("etc/pve/qemu-server/105.conf")); // not a file
        Files.writeString(root.resolve("etc/pve/qemu-server/notes.conf"), "name: x\n");
        Files.write(root.resolve("etc/pve/lxc/250.conf"), new byte[] {(byte) 0xff, 0, '\n', 'x'});
        Files.writeString(root.resolve("etc/pve/lxc/251.conf.tmp.1234"), "hostname: y\n");
        List<Guest> guests = new ProxmoxInventory(root).load();
        assertThat(guests)
                .extracting(Guest::vmid)
                .containsExactly(100, 101, 102, 103, 200, 201, 202, 250);
    }

    @Test
    void configDescriptionInAnotherCharsetDoesNotLoseTheGuest() throws IOException {
        Path root = Fixtures.copyPveHost(tmp);
        Files.write(
                root.resolve("etc/pve/qemu-server/110.conf"),
                "#Kunde M\u00fcller\nname: latin1\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(new ProxmoxInventory(root).load())
                .filteredOn(g -> g.vmid() == 110)
                .extracting(Guest::name)
                .containsExactly("latin1");
    }
}

package dev.vpsguard.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class PveConfigParserTest {
    private static final long MIB = 1024 * 1024;

    private static Guest vm(int vmid) throws IOException {
        return PveConfigParser.parseGuest(
                vmid,
                GuestKind.QEMU,
                Fixtures.lines("etc/pve/qemu-server/" + vmid + ".conf"),
                true);
    }

    private static Guest ct(int vmid) throws IOException {
        return PveConfigParser.parseGuest(
                vmid, GuestKind.LXC, Fixtures.lines("etc/pve/lxc/" + vmid + ".conf"), true);
    }

    @Test
    void vmWithSeveralNicsGetsEachTapMacBridgeAndFirewall() throws IOException {
        Guest g = vm(100);
        assertThat(g.name()).isEqualTo("web-4711");
        assertThat(g.cores()).isEqualTo(2);
        assertThat(g.memoryBytes()).isEqualTo(2048 * MIB);
        assertThat(g.nics())
                .containsExactly(
                        new GuestNic(
                                "net0", "tap100i0", "bc:24:11:5e:7a:01", "vmbr0", true, List.of()),
                        new GuestNic(
                                "net1", "tap100i1", "bc:24:11:5e:7a:02", "vmbr1", false, List.of()),
                        new GuestNic(
                                "net2",
                                "tap100i2",
                                "bc:24:11:5e:7a:03",
                                "vmbr2",
                                false,
                                List.of()));
    }

    @Test
    void cloudInitIpconfigGivesAddressesWithoutPrefixAndDropsDhcpAndAuto() throws IOException {
        Guest g = vm(101);
        assertThat(g.cores()).isEqualTo(4); // sockets 2 × cores 2
        assertThat(g.memoryBytes()).isEqualTo(4096 * MIB); // memory: current=4096
        assertThat(g.nics().get(0).ips()).containsExactly("203.0.113.10", "2001:db8:10::10");
        assertThat(g.nics().get(1).ips()).isEmpty();
        assertThat(g.nics().get(1).firewall()).isFalse();
    }

    @Test
    void onlyTheCurrentSectionCountsAndCrlfAndOddWhitespaceAreTolerated() throws IOException {
        assertThat(Files.readString(Fixtures.pveHost().resolve("etc/pve/qemu-server/102.conf")))
                .contains("\r\n");
        Guest g = vm(102);
        assertThat(g.name()).isEqualTo("db-primary");
        assertThat(g.cores()).isEqualTo(3); // vcpus wins over sockets × cores; PENDING's 8 ignored
        assertThat(g.memoryBytes()).isEqualTo(8192 * MIB); // not PENDING's 16384
        assertThat(g.nics()).extracting(GuestNic::iface).containsExactly("tap102i0");
        assertThat(g.nics().get(0).mac()).isEqualTo("bc:24:11:db:00:01");
    }

    @Test
    void containerNicsCarryVethStaticAddressesAndIpv6() throws IOException {
        Guest g = ct(200);
        assertThat(g.name()).isEqualTo("mail-relay");
        assertThat(g.cores()).isEqualTo(2);
        assertThat(g.memoryBytes()).isEqualTo(1024 * MIB);
        assertThat(g.nics())
                .containsExactly(
                        new GuestNic(
                                "net0",
                                "veth200i0",
                                "bc:24:11:c0:ff:ee",
                                "vmbr0",
                                true,
                                List.of("198.51.100.20", "2001:db8:20::20")),
                        new GuestNic(
                                "net1",
                                "veth200i1",
                                "bc:24:11:c0:ff:ef",
                                "vmbr1",
                                false,
                                List.of("10.10.0.20")));
    }

    @Test
    void containerWithoutCoresHasUnknownCoresAndDhcpGivesNoAddress() throws IOException {
        Guest g = ct(201);
        assertThat(g.cores()).isNull();
        assertThat(g.nics().get(0).ips()).isEmpty();
        assertThat(g.nics().get(0).mac()).isEqualTo("bc:24:11:d4:c9:01");
    }

    @Test
    void containerSnapshotSectionDoesNotRenameIt() throws IOException {
        Guest g = ct(202);
        assertThat(g.name()).isEqualTo("stopped-ct");
        assertThat(g.nics().get(0).ips()).isEmpty(); // ip=manual, ip6=auto
    }

    @Test
    void emptyVmConfigGetsProxmoxDefaults() {
        Guest g = PveConfigParser.parseGuest(7, GuestKind.QEMU, List.of(), false);
        assertThat(g.name()).isNull();
        assertThat(g.cores()).isEqualTo(1);
        assertThat(g.memoryBytes()).isEqualTo(512 * MIB);
        assertThat(g.nics()).isEmpty();
        assertThat(g.running()).isFalse();
    }

    @Test
    void truncatedAndGarbageValuesGiveNoFigureRatherThanAnError() {
        Guest g =
                PveConfigParser.parseGuest(
                        9,
                        GuestKind.QEMU,
                        List.of(
                                "memory: lots",
                                "cores: -2",
                                "net0: virtio=BC:24:11",
                                "net1",
                                "ipconfig0: ip=300.1.1.1/24,ip6=zz::1",
                                ": orphan value",
                                "nam"),
                        true);
        assertThat(g.memoryBytes()).isNull();
        assertThat(g.cores()).isNull();
        assertThat(g.nics()).hasSize(1);
        assertThat(g.nics().get(0).mac()).isNull();
        assertThat(g.nics().get(0).ips()).isEmpty();
        assertThat(g.nics().get(0).bridge()).isNull();
    }

    @Test
    void duplicateKeyKeepsTheLastValueLikeProxmox() {
        var config = PveConfigParser.parseCurrentSection(List.of("name: a", "name: b"));
        assertThat(config).containsEntry("name", "b");
    }

    @Test
    void hugeMemoryThatWouldOverflowBytesIsUnknown() {
        Guest g =
                PveConfigParser.parseGuest(
                        1, GuestKind.LXC, List.of("memory: 9223372036854775807"), true);
        assertThat(g.memoryBytes()).isNull();
    }
}

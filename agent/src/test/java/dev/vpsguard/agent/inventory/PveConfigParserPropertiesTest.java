package dev.vpsguard.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever lines a config holds, the parser returns a guest whose figures are well formed. */
class PveConfigParserPropertiesTest {

    @Property(tries = 500)
    void randomLinesGiveAWellFormedGuest(
            @ForAll("configLines") List<String> lines, @ForAll GuestKind kind) {
        Guest g = PveConfigParser.parseGuest(123, kind, lines, true);
        assertWellFormed(g);
    }

    @Property(tries = 300)
    void arbitraryUnicodeLinesNeverThrow(@ForAll List<String> lines, @ForAll GuestKind kind) {
        assertWellFormed(PveConfigParser.parseGuest(5, kind, lines, false));
    }

    @Property(tries = 300)
    void fixtureConfigsCutAnywhereGiveAWellFormedGuest(
            @ForAll("fixtureFiles") String file, @ForAll("fractions") double cut) throws Exception {
        String text = java.nio.file.Files.readString(Fixtures.pveHost().resolve(file));
        String truncated = text.substring(0, (int) (text.length() * cut));
        GuestKind kind = file.contains("lxc") ? GuestKind.LXC : GuestKind.QEMU;
        assertWellFormed(PveConfigParser.parseGuest(42, kind, truncated.lines().toList(), true));
    }

    @Provide
    Arbitrary<String> fixtureFiles() {
        return Arbitraries.of(
                "etc/pve/qemu-server/100.conf",
                "etc/pve/qemu-server/101.conf",
                "etc/pve/qemu-server/102.conf",
                "etc/pve/lxc/200.conf",
                "etc/pve/lxc/202.conf");
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
    }

    private static void assertWellFormed(Guest g) {
        assertThat(g.cores())
                .satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c).isPositive());
        assertThat(g.memoryBytes())
                .satisfiesAnyOf(m -> assertThat(m).isNull(), m -> assertThat(m).isNotNegative());
        for (GuestNic nic : g.nics()) {
            assertThat(nic.iface()).matches("(tap|veth)" + g.vmid() + "i\\d+");
            if (nic.mac() != null) {
                assertThat(nic.mac()).matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
            }
            assertThat(nic.ips()).allSatisfy(ip -> assertThat(ip).doesNotContain("/").isNotBlank());
        }
    }

    @Provide
    Arbitrary<List<String>> configLines() {
        Arbitrary<String> key =
                Arbitraries.of(
                        "name",
                        "hostname",
                        "cores",
                        "sockets",
                        "vcpus",
                        "memory",
                        "net0",
                        "net1",
                        "net12",
                        "ipconfig0",
                        "ipconfig1",
                        "[PENDING]",
                        "#",
                        "lxc.cgroup2");
        Arbitrary<String> value =
                Arbitraries.oneOf(
                        Arbitraries.strings().ofMaxLength(40),
                        Arbitraries.strings()
                                .withChars("0123456789=,:/.abcdefvirtoBC- ")
                                .ofMaxLength(60),
                        Arbitraries.of(
                                "virtio=BC:24:11:5E:7A:01,bridge=vmbr0,firewall=1",
                                "name=eth0,bridge=vmbr0,ip=10.0.0.1/24,ip6=fe80::1/64,hwaddr=AA:BB:CC:DD:EE:FF",
                                "ip=dhcp,ip6=auto",
                                "current=99999999999999999999",
                                "4096",
                                "-1"));
        Arbitrary<String> line =
                Arbitraries.oneOf(
                        net.jqwik.api.Combinators.combine(
                                        key, Arbitraries.of(":", ": ", ":\t", " : ", ""), value)
                                .as((k, sep, v) -> k + sep + v),
                        Arbitraries.strings().ofMaxLength(80));
        return line.list().ofMaxSize(30);
    }
}

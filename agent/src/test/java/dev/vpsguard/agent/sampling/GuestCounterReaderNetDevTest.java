package dev.vpsguard.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NIC counters come from one read of /proc/net/dev, and from /sys/class/net where it lacks one. */
class GuestCounterReaderNetDevTest {
    @TempDir Path root;

    private static GuestNic nic(String id, String iface) {
        return new GuestNic(id, iface, "BC:24:11:00:00:01", "vmbr0", false, List.of());
    }

    private void sysfs(String iface, long rxBytes, long txBytes, long rxPackets, long txPackets)
            throws IOException {
        Path stats =
                Files.createDirectories(root.resolve("sys/class/net/" + iface + "/statistics"));
        Files.writeString(stats.resolve("rx_bytes"), rxBytes + "\n");
        Files.writeString(stats.resolve("tx_bytes"), txBytes + "\n");
        Files.writeString(stats.resolve("rx_packets"), rxPackets + "\n");
        Files.writeString(stats.resolve("tx_packets"), txPackets + "\n");
    }

    @Test
    void sumsNetDevAndSysfsCountersAndFollowsTheFileFromCycleToCycle() throws IOException {
        Path netDev = Files.createDirectories(root.resolve("proc/net")).resolve("dev");
        Files.writeString(
                netDev,
                "Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n"
                        + "  tap100i0: 1000 10 0 0 0 0 0 0 3000 30 0 0 0 0 0 0\n");
        // Stale sysfs values for tap100i0: /proc/net/dev must win where it has the interface.
        sysfs("tap100i0", 1, 1, 1, 1);
        sysfs("tap100i1", 5, 7, 1, 2);
        Guest guest =
                new Guest(
                        100,
                        GuestKind.QEMU,
                        "vm",
                        true,
                        1,
                        1L,
                        List.of(nic("net0", "tap100i0"), nic("net1", "tap100i1")));
        GuestCounterReader reader = new GuestCounterReader(root);

        reader.startCycle();
        GuestCounters first = reader.read(guest, 1);
        assertThat(first.netTxBytes()).isEqualTo(1005); // host rx is guest tx
        assertThat(first.netRxBytes()).isEqualTo(3007);
        assertThat(first.netTxPackets()).isEqualTo(11);
        assertThat(first.netRxPackets()).isEqualTo(32);

        Files.writeString(netDev, "  tap100i0: 2000 20 0 0 0 0 0 0 6000 60 0 0 0 0 0 0\n");
        reader.startCycle();
        assertThat(reader.read(guest, 2).netTxBytes()).isEqualTo(2005);

        Files.delete(netDev);
        reader.startCycle();
        assertThat(reader.read(guest, 3).netTxBytes()).as("sysfs alone").isEqualTo(6);
    }
}

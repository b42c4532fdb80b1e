package dev.vpsguard.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vpsguard.agent.sampling.CgroupGuestSampler;
import dev.vpsguard.agent.sampling.SystemSampler;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixtureHostGeneratorTest {
    private static final int GUESTS = 200;

    @TempDir Path root;

    @Test
    void inventoryAndSamplerReadAllTwoHundredGeneratedGuests() throws IOException {
        FixtureHostGenerator.write(root, GUESTS, 0);
        List<Guest> guests = new ProxmoxInventory(root).load();
        assertThat(guests).hasSize(GUESTS).allMatch(Guest::running);
        assertThat(guests).filteredOn(g -> g.kind() == GuestKind.QEMU).hasSize(GUESTS / 2);
        assertThat(guests.get(0).nics()).hasSize(2);
        assertThat(guests.get(0).nics().get(0).ips()).containsExactly("10.0.0.10");

        var clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        HostSample host =
                new HostSample(
                        null, null, null, null, null, null, null, null, null, List.of(), List.of());
        var sampler = new SystemSampler(() -> host, new CgroupGuestSampler(root, clock));
        List<GuestSample> first = sampler.sampleGuests(guests);
        assertThat(first).allSatisfy(s -> assertThat(s.usage().cpuCores()).isNull());

        FixtureHostGenerator.write(root, GUESTS, 1);
        clock.advance(Duration.ofSeconds(FixtureHostGenerator.CYCLE_SECONDS));
        List<GuestSample> second = sampler.sampleGuests(guests);
        assertThat(second).hasSize(GUESTS);
        for (int i = 0; i < GUESTS; i++) {
            GuestSample s = second.get(i);
            GuestUsage u = s.usage();
            assertThat(s.vmid()).isEqualTo(FixtureHostGenerator.vmid(i));
            assertThat(s.status()).isEqualTo(GuestStatus.RUNNING);
            assertThat(u.cpuCores()).isCloseTo(FixtureHostGenerator.cpuCores(i), within(1e-9));
            assertThat(u.memoryUsedBytes()).isEqualTo((200L + i) * 1024 * 1024);
            assertThat(u.diskReadBytesPerSec())
                    .isEqualTo((double) FixtureHostGenerator.diskReadBytesPerSec(i));
            assertThat(u.netTxBytesPerSec())
                    .isEqualTo(
                            (double) FixtureHostGenerator.netTxBytesPerSecPerNic(i)
                                    * FixtureHostGenerator.nicCount(i));
        }
        // spot checks written out: guest 199 (a container, one NIC) reads 200 kB/s, sends 20 kB/s
        assertThat(second.get(199).usage().diskReadBytesPerSec()).isEqualTo(200_000.0);
        assertThat(second.get(199).usage().netTxBytesPerSec()).isEqualTo(20_000.0);
        assertThat(second.get(199).usage().netRxBytesPerSec()).isEqualTo(60_000.0);
        assertThat(second.get(3).usage().cpuCores()).isCloseTo(0.75, within(1e-9));
    }
}

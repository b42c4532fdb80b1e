package dev.vpsguard.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.inventory.Fixtures;
import dev.vpsguard.agent.inventory.ProxmoxInventory;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemSamplerTest {
    @Test
    void hostComesFromTheHostSamplerAndGuestsFromTheGuestSampler() {
        HostSample host =
                new HostSample(12.5, 4, 0.1, 0.2, 0.3, 8L, 4L, 0L, 0L, List.of(), List.of());
        var clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        var sampler =
                new SystemSampler(() -> host, new CgroupGuestSampler(Fixtures.pveHost(), clock));
        assertThat(sampler.sampleHost()).isSameAs(host);
        List<GuestSample> guests =
                sampler.sampleGuests(new ProxmoxInventory(Fixtures.pveHost()).load());
        assertThat(guests).hasSize(7);
        assertThat(guests.get(0).usage().memoryUsedBytes()).isPositive();
    }
}

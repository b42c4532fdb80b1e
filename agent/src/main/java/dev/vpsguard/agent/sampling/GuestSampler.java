package dev.vpsguard.agent.sampling;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestSample;
import java.util.List;
import java.util.Map;

/** Measures the guests once per cycle; the guest half of {@link Sampler}. */
public interface GuestSampler {
    /**
     * One sample per guest, in the order given, with rates against the previous call. Never throws
     * for missing or bad runtime data.
     */
    List<GuestSample> sample(List<Guest> guests);

    /**
     * The raw counters of each running guest as the last {@link #sample} read them, by vmid: what
     * the agent's {@code /metrics} exposes as counters. Empty when the sampler keeps none.
     */
    default Map<Integer, GuestCounters> latestCounters() {
        return Map.of();
    }
}

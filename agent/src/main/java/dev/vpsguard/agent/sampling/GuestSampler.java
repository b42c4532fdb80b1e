package dev.vpsguard.agent.sampling;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestSample;
import java.util.List;

/** Measures the guests once per cycle; the guest half of {@link Sampler}. */
public interface GuestSampler {
    /**
     * One sample per guest, in the order given, with rates against the previous call. Never throws
     * for missing or bad runtime data.
     */
    List<GuestSample> sample(List<Guest> guests);
}

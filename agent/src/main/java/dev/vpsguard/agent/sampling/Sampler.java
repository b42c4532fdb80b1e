package dev.vpsguard.agent.sampling;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.HostSample;
import java.util.List;
import java.util.Map;

/**
 * Measures the host and its guests once per cycle. Rates are computed against the previous call,
 * using the injected clock; the first call yields counters without rates. Missing files mean "no
 * figure" for that metric, never an exception.
 */
public interface Sampler {
    /** The host's own figures now. */
    HostSample sampleHost();

    /**
     * One sample per guest, in the order given. The SMTP window is left null; the SMTP observer
     * fills it in.
     */
    List<GuestSample> sampleGuests(List<Guest> guests);

    /** The guests' raw counters of the last {@link #sampleGuests} call, by vmid. */
    default Map<Integer, GuestCounters> latestGuestCounters() {
        return Map.of();
    }
}

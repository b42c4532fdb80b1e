package dev.vpsguard.agent.sampling;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.HostSample;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The agent's {@link Sampler}: the host through {@code /proc} ({@link ProcHostSampler}) and the
 * guests through their cgroup v2 files and tap/veth counters under one root ({@link
 * CgroupGuestSampler}).
 *
 * <p>The root applies to the guest figures only; the host's figures are the running host's own
 * {@code /proc}.
 */
public final class SystemSampler implements Sampler {
    private final HostSampler host;
    private final GuestSampler guests;

    /**
     * @param root the host's file system root; {@code Path.of("/")} in production
     * @param clock the wall clock that times rates
     */
    public SystemSampler(Path root, Clock clock) {
        this(new ProcHostSampler(Path.of("/"), clock), new CgroupGuestSampler(root, clock));
    }

    /** The test seam: any host and guest samplers. */
    public SystemSampler(HostSampler host, GuestSampler guests) {
        this.host = host;
        this.guests = guests;
    }

    @Override
    public HostSample sampleHost() {
        return host.sample();
    }

    @Override
    public List<GuestSample> sampleGuests(List<Guest> guests) {
        return this.guests.sample(guests);
    }

    @Override
    public Map<Integer, GuestCounters> latestGuestCounters() {
        return guests.latestCounters();
    }
}

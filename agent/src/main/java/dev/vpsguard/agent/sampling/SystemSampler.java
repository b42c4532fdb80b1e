package dev.vpsguard.agent.sampling;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.HostSample;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * PLACEHOLDER on the agentrt branch, replaced on merge by the real OSHI/cgroup sampler. Reports no
 * host figures and guests without usage.
 */
public final class SystemSampler implements Sampler {
    private final Path root;
    private final Clock clock;

    public SystemSampler(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    @Override
    public HostSample sampleHost() {
        return new HostSample(
                null, null, null, null, null, null, null, null, null, List.of(), List.of());
    }

    @Override
    public List<GuestSample> sampleGuests(List<Guest> guests) {
        return guests.stream()
                .map(
                        g ->
                                new GuestSample(
                                        g.vmid(),
                                        g.kind(),
                                        g.name(),
                                        g.running() ? GuestStatus.RUNNING : GuestStatus.STOPPED,
                                        g.cores(),
                                        g.memoryBytes(),
                                        g.nics(),
                                        null,
                                        null))
                .toList();
    }

    @Override
    public String toString() {
        return "SystemSampler(placeholder, root=" + root + ", clock=" + clock + ")";
    }
}

package dev.vpsguard.agent.sampling;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestUsage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples guests from their cgroup v2 files and tap/veth counters, keeping each running guest's
 * previous reading to compute rates over the cycle.
 *
 * <p>Stopped guests are not read (their cgroups do not exist; reading would only log noise): they
 * get status stopped and no usage. A guest that stopped, or left the inventory, is forgotten, so
 * its next run starts without rates rather than against a stale reading.
 */
public final class CgroupGuestSampler implements GuestSampler {
    private final GuestCounterReader reader;
    private final Clock clock;
    private final Map<Integer, GuestCounters> previous = new HashMap<>();
    // Read by scrapes on another thread; replaced whole, never changed.
    private volatile Map<Integer, GuestCounters> latest = Map.of();

    /**
     * @param root the host's file system root; {@code Path.of("/")} in production
     * @param clock the wall clock that times each reading
     */
    public CgroupGuestSampler(Path root, Clock clock) {
        this(new GuestCounterReader(root), clock);
    }

    /** The test seam: a reader over any root and a clock the test moves. */
    public CgroupGuestSampler(GuestCounterReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public synchronized List<GuestSample> sample(List<Guest> guests) {
        long wallMicros = micros(clock.instant());
        Map<Integer, GuestCounters> seen = new HashMap<>();
        List<GuestSample> samples = new ArrayList<>(guests.size());
        reader.startCycle();
        for (Guest guest : guests) {
            GuestUsage usage = null;
            if (guest.running()) {
                GuestCounters now = reader.read(guest, wallMicros);
                usage = GuestUsageCalculator.usage(previous.get(guest.vmid()), now);
                seen.put(guest.vmid(), now);
            }
            samples.add(
                    new GuestSample(
                            guest.vmid(),
                            guest.kind(),
                            guest.name(),
                            guest.running() ? GuestStatus.RUNNING : GuestStatus.STOPPED,
                            guest.cores(),
                            guest.memoryBytes(),
                            guest.nics(),
                            usage,
                            null));
        }
        reader.retainOnly(seen.keySet());
        previous.clear();
        previous.putAll(seen);
        latest = Map.copyOf(seen);
        return samples;
    }

    @Override
    public Map<Integer, GuestCounters> latestCounters() {
        return latest;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}

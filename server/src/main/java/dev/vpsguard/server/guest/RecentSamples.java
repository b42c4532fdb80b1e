package dev.vpsguard.server.guest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The last hour of samples per guest, in memory only. A guest that stops reporting is evicted once
 * its newest sample is older than the retention; the number of guests is bounded too.
 */
@Singleton
public class RecentSamples {
    private final Cache<String, SampleRing> rings;
    private final RecentSamplesConfig config;

    public RecentSamples(RecentSamplesConfig config, Clock clock) {
        this.config = config;
        this.rings =
                Caffeine.newBuilder()
                        .maximumSize(config.maxGuests())
                        .expireAfterWrite(config.retention())
                        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                        .build();
    }

    /** Adds one sample of the guest {@code guestId}. */
    public void add(String guestId, TimedSample sample) {
        rings.asMap()
                .compute(
                        guestId,
                        (id, ring) -> {
                            SampleRing r =
                                    ring != null
                                            ? ring
                                            : new SampleRing(
                                                    config.retention(), config.maxPerGuest());
                            r.add(sample);
                            return r;
                        });
    }

    /** The guest's samples, oldest first; empty if none are held. */
    public List<TimedSample> of(String guestId) {
        SampleRing ring = rings.getIfPresent(guestId);
        return ring == null ? List.of() : ring.snapshot();
    }

    /** How many guests have samples held (for metrics). */
    public long guestCount() {
        return rings.estimatedSize();
    }
}

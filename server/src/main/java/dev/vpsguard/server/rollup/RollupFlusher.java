package dev.vpsguard.server.rollup;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves rollups from memory to the database: closed buckets every {@code
 * vpsguard.rollups.flush-interval}, and every bucket (open ones too) at shutdown. A crash (not a
 * clean stop) loses what was in memory: the open buckets and any closed in the last interval.
 */
@Singleton
public class RollupFlusher implements ApplicationEventListener<ShutdownEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(RollupFlusher.class);

    private final RollupAccumulator accumulator;
    private final RollupStore store;
    private final Clock clock;

    public RollupFlusher(RollupAccumulator accumulator, RollupStore store, Clock clock) {
        this.accumulator = accumulator;
        this.store = store;
        this.clock = clock;
    }

    /** Writes the buckets that have closed. */
    @Scheduled(
            fixedDelay = "${vpsguard.rollups.flush-interval:30s}",
            initialDelay = "${vpsguard.rollups.flush-interval:30s}")
    public void flushClosed() {
        write(accumulator.closedAt(clock.instant()));
    }

    @Override
    public void onApplicationEvent(ShutdownEvent event) {
        write(accumulator.drainAll());
    }

    private void write(List<GuestRollup> rollups) {
        if (rollups.isEmpty()) {
            return;
        }
        try {
            store.write(rollups);
        } catch (RuntimeException e) {
            // The database is down: these buckets are lost, the server carries on.
            LOG.error("Could not write {} rollups: {}", rollups.size(), e.toString());
        }
    }
}

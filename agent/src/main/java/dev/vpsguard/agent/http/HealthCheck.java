package dev.vpsguard.agent.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Whether the agent's report loop is alive: its last cycle started within three intervals. Server
 * reachability is not part of it (the spool covers outages; the metrics show them).
 */
public final class HealthCheck {
    private final Supplier<Instant> lastCycle;
    private final Duration interval;
    private final Clock clock;

    /**
     * @param lastCycle when the last report cycle started, null before the first
     */
    public HealthCheck(Supplier<Instant> lastCycle, Duration interval, Clock clock) {
        this.lastCycle = lastCycle;
        this.interval = interval;
        this.clock = clock;
    }

    /** Null when healthy, else why not, in words. */
    public String problem() {
        Instant last = lastCycle.get();
        if (last == null) {
            return "no report cycle has run yet";
        }
        Duration age = Duration.between(last, clock.instant());
        if (age.compareTo(interval.multipliedBy(3)) > 0) {
            return "last report cycle ran "
                    + age.toSeconds()
                    + " s ago; the interval is "
                    + interval.toSeconds()
                    + " s";
        }
        return null;
    }
}

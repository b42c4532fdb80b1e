package dev.vpsguard.fleet.sim;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * The simulator's knobs.
 *
 * @param server the server's base URL
 * @param adminToken an admin API token, to create the hosts
 * @param hosts simulated hosts
 * @param guestsPerHost guests on each
 * @param interval report interval
 * @param cycles reports each host sends
 * @param seed the fleet's seed
 * @param senders threads that send (each blocks in the agent's client while its request runs)
 * @param virtualStart null for real time (each host reports every {@code interval}, phases spread
 *     over the interval, windows on the wall clock); otherwise lock-step: cycle {@code c} of every
 *     host is sent, and answered, before cycle {@code c+1}, as fast as the server answers, with
 *     windows on a virtual clock from this instant, one interval per cycle
 */
public record FleetOptions(
        URI server,
        String adminToken,
        int hosts,
        int guestsPerHost,
        Duration interval,
        long cycles,
        long seed,
        int senders,
        Instant virtualStart) {
    public FleetOptions {
        if (hosts < 1) {
            throw new IllegalArgumentException("hosts must be at least 1, was " + hosts);
        }
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException("interval must be at least 100 ms, was " + interval);
        }
        if (cycles < 1) {
            throw new IllegalArgumentException("cycles must be at least 1, was " + cycles);
        }
        if (senders < 1) {
            throw new IllegalArgumentException("senders must be at least 1, was " + senders);
        }
    }

    public boolean lockStep() {
        return virtualStart != null;
    }
}

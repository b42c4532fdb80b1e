package dev.vpsguard.server.guest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/** One guest's recent samples: bounded by count and by age relative to the newest. Thread-safe. */
final class SampleRing {
    private final ArrayDeque<TimedSample> samples = new ArrayDeque<>();
    private final Duration retention;
    private final int capacity;

    SampleRing(Duration retention, int capacity) {
        this.retention = retention;
        this.capacity = capacity;
    }

    synchronized void add(TimedSample sample) {
        TimedSample newest = samples.peekLast();
        if (newest != null && sample.at().isBefore(newest.at())) {
            // Out of order (a late spooled report): the ring holds the newest window only.
            return;
        }
        samples.addLast(sample);
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
        var cutoff = sample.at().minus(retention);
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(cutoff)) {
            samples.removeFirst();
        }
    }

    synchronized List<TimedSample> snapshot() {
        return List.copyOf(samples);
    }
}

package dev.vpsguard.server.detect;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link FlowScanDetector} remembers about one guest: moving averages of its per-window
 * fan-out (addresses on one port, ports on one address) and of its attempts on each watched login
 * service, learned only from windows that raised no finding. One instance per guest, owned by the
 * caller; {@link #snapshot()} and {@link #restore} carry it across a restart.
 */
public final class FlowBaseline {
    double horizontal;
    double vertical;
    final Map<Integer, Double> services = new HashMap<>();
    Instant lastEnd;

    /** The guest's usual addresses on one port per window. */
    public double horizontal() {
        return horizontal;
    }

    /** The guest's usual ports on one address per window. */
    public double vertical() {
        return vertical;
    }

    /** The guest's usual attempts per window on one address of this service port. */
    public double service(int port) {
        return services.getOrDefault(port, 0.0);
    }

    /** The end of the last window learned, or null. */
    public Instant lastEnd() {
        return lastEnd;
    }

    /**
     * An immutable copy, for persistence.
     *
     * @param horizontal see {@link #horizontal()}
     * @param vertical see {@link #vertical()}
     * @param services per watched port, see {@link #service(int)}
     * @param lastEnd see {@link #lastEnd()}
     */
    public record Snapshot(
            double horizontal, double vertical, Map<Integer, Double> services, Instant lastEnd) {
        public Snapshot {
            services = Map.copyOf(services == null ? Map.of() : services);
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(horizontal, vertical, new TreeMap<>(services), lastEnd);
    }

    /** A baseline that continues from {@code s}. */
    public static FlowBaseline restore(Snapshot s) {
        FlowBaseline b = new FlowBaseline();
        b.horizontal = s.horizontal();
        b.vertical = s.vertical();
        b.services.putAll(s.services());
        b.lastEnd = s.lastEnd();
        return b;
    }
}

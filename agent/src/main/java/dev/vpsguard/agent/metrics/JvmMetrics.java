package dev.vpsguard.agent.metrics;

import io.prometheus.client.CollectorRegistry;

/**
 * The agent's own process and JVM figures: {@link ProcessMetrics}, read from {@code /proc/self} and
 * the {@link Runtime} rather than simpleclient_hotspot's JMX exports (their platform MBeans cost
 * about 500 loaded classes). Kept: process CPU, memory, open files, start time, the heap, the JVM's
 * version; gone: memory pools, collections, class loading and buffer pools (docs/decisions.md,
 * "Agent: footprint").
 */
public final class JvmMetrics {
    private JvmMetrics() {}

    /** Registers the process and JVM collectors. */
    public static void register(CollectorRegistry registry) {
        ProcessMetrics.registerTo(registry);
    }
}

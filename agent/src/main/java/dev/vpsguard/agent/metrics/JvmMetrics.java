package dev.vpsguard.agent.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.BufferPoolsExports;
import io.prometheus.client.hotspot.ClassLoadingExports;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.VersionInfoExports;

/**
 * The agent's own process and JVM figures: simpleclient's {@code DefaultExports} less two that cost
 * on every scrape or collection. {@code ThreadExports} asks the JVM for every thread's state and
 * for deadlocks (a safepoint per scrape), and {@code MemoryAllocationExports} listens to every
 * garbage collection on the JMX notification thread; the process's CPU, memory, open files, heap
 * and collections stay.
 */
public final class JvmMetrics {
    private JvmMetrics() {}

    /** Registers the process and JVM collectors. */
    public static void register(CollectorRegistry registry) {
        new StandardExports().register(registry);
        new MemoryPoolsExports().register(registry);
        new BufferPoolsExports().register(registry);
        new GarbageCollectorExports().register(registry);
        new ClassLoadingExports().register(registry);
        new VersionInfoExports().register(registry);
    }
}

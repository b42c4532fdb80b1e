package dev.vpsguard.server.metrics;

import io.micronaut.context.annotation.Factory;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import jakarta.inject.Singleton;

/**
 * The server's Prometheus registry: one per application context (not the client library's global
 * one, so tests that start several contexts do not collide), with the JVM collectors.
 */
@Factory
class MetricsFactory {
    @Singleton
    CollectorRegistry collectorRegistry() {
        CollectorRegistry registry = new CollectorRegistry(true);
        DefaultExports.register(registry);
        return registry;
    }
}

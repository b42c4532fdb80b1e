package dev.vpsguard.server.metrics;

import io.micronaut.context.annotation.Factory;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
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
        String version = MetricsFactory.class.getPackage().getImplementationVersion();
        Gauge.build("vpsguard_server_build_info", "Always 1; the server's version.")
                .labelNames("version")
                .register(registry)
                .labels(version == null ? "dev" : version)
                .set(1);
        return registry;
    }
}

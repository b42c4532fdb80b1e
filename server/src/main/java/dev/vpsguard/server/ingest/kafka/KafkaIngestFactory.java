package dev.vpsguard.server.ingest.kafka;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;

/** Builds the Kafka ingest's settings (checked at startup) and, when enabled, its queue. */
@Factory
class KafkaIngestFactory {
    /** Built at startup, so that a malformed setting stops the server at once. */
    @Context
    KafkaIngestConfig config(Environment env) {
        return KafkaIngestConfig.read(
                key -> env.getProperty(key, String.class), key -> origin(env, key));
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "vpsguard.kafka.enabled", value = "true")
    KafkaReportQueue queue(KafkaIngestConfig config, KafkaIngestMetrics metrics) {
        return new KafkaReportQueue(config, metrics);
    }

    /**
     * Where {@code key} was set: the name of the property source that wins (a configuration file's
     * path, {@code system}, {@code env}, or {@code application} for the bundled file).
     */
    static String origin(Environment env, String key) {
        List<PropertySource> sources =
                env.getPropertySources().stream()
                        .sorted(Comparator.comparingInt(PropertySource::getOrder).reversed())
                        .toList();
        for (PropertySource s : sources) {
            if (s.get(key) != null) {
                return "set in " + s.getName();
            }
        }
        return "set by an environment variable";
    }
}

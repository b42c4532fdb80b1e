package dev.vpsguard.server.ingest.kafka;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.naming.conventions.StringConvention;
import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Builds the Kafka ingest's settings (checked at startup) and, when enabled, its queue. */
@Factory
class KafkaIngestFactory {
    /** Built at startup, so that a malformed setting stops the server at once. */
    @Context
    KafkaIngestConfig config(Environment env) {
        KafkaClientSettings.refuseEnvironment(System.getenv());
        return KafkaIngestConfig.read(
                key -> env.getProperty(key, String.class), client(env), key -> origin(env, key));
    }

    /** The keys under {@code vpsguard.kafka.client.} as written (Kafka's dotted names). */
    static Map<String, String> client(PropertyResolver env) {
        Map<String, String> out = new TreeMap<>();
        String prefix =
                KafkaClientSettings.PREFIX.substring(0, KafkaClientSettings.PREFIX.length() - 1);
        env.getProperties(prefix, StringConvention.RAW)
                .forEach(
                        (k, v) ->
                                out.put(
                                        k,
                                        v instanceof Collection<?> c
                                                ? c.stream()
                                                        .map(String::valueOf)
                                                        .collect(Collectors.joining(","))
                                                : String.valueOf(v)));
        return out;
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

package dev.vpsguard.server.ingest.kafka;

import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * {@code vpsguard.kafka.client.*}: Kafka client settings passed as they are to the producer, the
 * consumers and the admin client (TLS, SASL, timeouts...), each client taking the keys it knows.
 * Checked at startup against the client's own definitions: the key must be a Kafka client setting
 * that vpsguard does not set itself, and the value must parse as that setting's type and pass its
 * validator; a key store or trust store must be a readable file.
 *
 * @param values the settings, by Kafka name ({@code security.protocol})
 */
record KafkaClientSettings(Map<String, String> values) {
    static final String PREFIX = KafkaIngestConfig.PREFIX + "client.";

    private static final List<ConfigDef> CLIENTS =
            List.of(
                    ProducerConfig.configDef(),
                    ConsumerConfig.configDef(),
                    AdminClientConfig.configDef());

    /** What vpsguard sets itself, and why it cannot be passed through. */
    private static final Map<String, String> OWN =
            Map.ofEntries(
                    Map.entry("bootstrap.servers", "use vpsguard.kafka.bootstrap-servers"),
                    Map.entry("group.id", "use vpsguard.kafka.group-id"),
                    Map.entry("session.timeout.ms", "use vpsguard.kafka.session-timeout"),
                    Map.entry(
                            "heartbeat.interval.ms",
                            "vpsguard derives it from vpsguard.kafka.session-timeout"),
                    Map.entry("max.poll.records", "use vpsguard.kafka.max-poll-records"),
                    Map.entry(
                            "max.block.ms", "vpsguard derives it from vpsguard.kafka.send-timeout"),
                    Map.entry("client.id", "vpsguard names each client itself"),
                    Map.entry(
                            "enable.auto.commit",
                            "vpsguard commits offsets only after the reports' transactions"),
                    Map.entry("auto.offset.reset", "vpsguard reads a new group from the earliest"),
                    Map.entry(
                            "acks",
                            "vpsguard answers an agent only once every in-sync replica has its"
                                    + " report (all)"),
                    Map.entry(
                            "enable.idempotence",
                            "vpsguard's producer is idempotent, so its retries add no copies"),
                    Map.entry("transactional.id", "vpsguard uses no Kafka transactions"),
                    Map.entry(
                            "partition.assignment.strategy",
                            "cooperative-sticky keeps the memory of partitions that stay"),
                    Map.entry("key.serializer", "vpsguard's own"),
                    Map.entry("value.serializer", "vpsguard's own"),
                    Map.entry("key.deserializer", "vpsguard's own"),
                    Map.entry("value.deserializer", "vpsguard's own"));

    private static final Set<String> FILES =
            Set.of("ssl.keystore.location", "ssl.truststore.location");

    /**
     * Reads and checks the settings.
     *
     * @param raw the keys under {@code vpsguard.kafka.client.} and their values
     * @param origin where a key (full name) was set, for the message
     * @throws ConfigurationException naming the key, its value (hidden for a password), where it
     *     was set, and why
     */
    static KafkaClientSettings read(Map<String, String> raw, Function<String, String> origin) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().strip();
            check(name, value, origin);
            out.put(name, value);
        }
        return new KafkaClientSettings(Map.copyOf(out));
    }

    /**
     * Refuses {@code VPSGUARD_KAFKA_CLIENT_*} environment variables: Micronaut resolves such a
     * variable only for a key asked by name, never when the keys under a prefix are listed, so it
     * would be ignored without a word.
     */
    static void refuseEnvironment(Map<String, String> env) {
        for (String name : new TreeMap<>(env).keySet()) {
            if (name.startsWith("VPSGUARD_KAFKA_CLIENT_")) {
                throw new ConfigurationException(
                        name
                                + " (environment variable): Kafka client settings are read from"
                                + " a configuration file or system properties only, by their"
                                + " dotted names, e.g. vpsguard.kafka.client.security.protocol");
            }
        }
    }

    private static void check(String name, String value, Function<String, String> origin) {
        if (OWN.containsKey(name)) {
            throw bad(name, value, origin, "is set by vpsguard: " + OWN.get(name));
        }
        boolean known = false;
        for (ConfigDef client : CLIENTS) {
            ConfigDef.ConfigKey key = client.configKeys().get(name);
            if (key == null) {
                continue;
            }
            known = true;
            String shown = key.type == ConfigDef.Type.PASSWORD ? "[hidden]" : value;
            try {
                Object parsed = ConfigDef.parseType(name, value, key.type);
                if (key.validator != null) {
                    key.validator.ensureValid(name, parsed);
                }
            } catch (ConfigException e) {
                String reason = e.getMessage();
                throw bad(
                        name,
                        shown,
                        origin,
                        value.isEmpty() ? reason : reason.replace(value, shown));
            }
        }
        if (!known) {
            // The value is not shown: it may be a secret under a misspelt key.
            throw bad(
                    name,
                    null,
                    origin,
                    "is not a setting of the Kafka producer, consumer or admin client");
        }
        if (FILES.contains(name) && !readable(value)) {
            throw bad(name, value, origin, "must be a readable file");
        }
    }

    private static boolean readable(String path) {
        try {
            Path p = Path.of(path);
            return Files.isRegularFile(p) && Files.isReadable(p);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** {@code key = 'value' (origin): reason}; without the value when {@code shown} is null. */
    private static ConfigurationException bad(
            String name, String shown, Function<String, String> origin, String reason) {
        String key = PREFIX + name;
        return new ConfigurationException(
                key
                        + (shown == null ? "" : " = '" + shown + "'")
                        + " ("
                        + origin.apply(key)
                        + "): "
                        + reason);
    }

    /** The settings the producer knows. */
    Map<String, Object> producer() {
        return known(ProducerConfig.configNames());
    }

    /** The settings the consumer knows. */
    Map<String, Object> consumer() {
        return known(ConsumerConfig.configNames());
    }

    /** The settings the admin client knows. */
    Map<String, Object> admin() {
        return known(AdminClientConfig.configNames());
    }

    private Map<String, Object> known(Set<String> names) {
        Map<String, Object> out = new TreeMap<>();
        values.forEach(
                (k, v) -> {
                    if (names.contains(k)) {
                        out.put(k, v);
                    }
                });
        return out;
    }
}

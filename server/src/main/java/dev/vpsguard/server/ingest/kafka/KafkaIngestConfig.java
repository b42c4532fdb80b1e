package dev.vpsguard.server.ingest.kafka;

import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vpsguard.kafka.*}: the ingest through Kafka, off by default (reports are then stored by
 * the node that receives them).
 *
 * @param enabled whether reports go through the topic
 * @param bootstrapServers {@code host:port[,host:port...]}, required when enabled
 * @param topic the reports topic (keyed by host id); default {@code vpsguard.reports}
 * @param partitions partitions the topic is created with when missing (the most consumer nodes that
 *     can share the work); default 12
 * @param replicationFactor replicas of a created topic; -1: the broker's default
 * @param groupId the consumer group of the nodes that store reports; default {@code
 *     vpsguard-ingest}
 * @param consume whether this node stores reports (joins the group); false for a node that only
 *     receives them
 * @param consumers consumer threads on this node (each takes its own partitions); default 1
 * @param sendTimeout how long a node waits for the broker to take a report before answering 503;
 *     default 5 s
 * @param sessionTimeout after this long without a heartbeat a node's partitions go to the others;
 *     default 10 s
 * @param maxPollRecords reports taken per poll, committed together after each one's transaction;
 *     default 200
 * @param client Kafka client settings passed through ({@code vpsguard.kafka.client.*}: TLS, SASL)
 */
public record KafkaIngestConfig(
        boolean enabled,
        String bootstrapServers,
        String topic,
        int partitions,
        short replicationFactor,
        String groupId,
        boolean consume,
        int consumers,
        Duration sendTimeout,
        Duration sessionTimeout,
        int maxPollRecords,
        KafkaClientSettings client) {
    static final String PREFIX = "vpsguard.kafka.";
    private static final Pattern SERVER = Pattern.compile("^[A-Za-z0-9.\\-\\[\\]:]+:(\\d{1,5})$");
    private static final Pattern TOPIC = Pattern.compile("^[A-Za-z0-9._\\-]{1,249}$");
    private static final Pattern SHORT_DURATION = Pattern.compile("^(\\d+)(ms|s|m|h)$");

    /**
     * Reads and checks the settings.
     *
     * @param values the raw value of a key ({@code vpsguard.kafka.} + name), empty when unset
     * @param client the keys under {@code vpsguard.kafka.client.} and their raw values
     * @param origin where a key was set (a file, "system properties"...), for the message
     * @throws ConfigurationException naming the key, its value, where it was set, and why
     */
    static KafkaIngestConfig read(
            Function<String, Optional<String>> values,
            Map<String, String> client,
            Function<String, String> origin) {
        Reader r = new Reader(values, origin);
        boolean enabled = r.bool("enabled", false);
        String servers = r.text("bootstrap-servers", "").strip();
        if (enabled) {
            if (servers.isEmpty()) {
                throw r.bad("bootstrap-servers", "is required when vpsguard.kafka.enabled is true");
            }
            for (String s : servers.split(",")) {
                Matcher m = SERVER.matcher(s.strip());
                if (!m.matches()
                        || Integer.parseInt(m.group(1)) < 1
                        || Integer.parseInt(m.group(1)) > 65535) {
                    throw r.bad(
                            "bootstrap-servers",
                            "must be host:port[,host:port...] with ports 1 to 65535; '"
                                    + s.strip()
                                    + "' is not");
                }
            }
        }
        String topic = r.text("topic", "vpsguard.reports");
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw r.bad("topic", "must be 1 to 249 letters, digits, '.', '_' or '-'");
        }
        String group = r.text("group-id", "vpsguard-ingest").strip();
        if (group.isEmpty()) {
            throw r.bad("group-id", "must not be blank");
        }
        return new KafkaIngestConfig(
                enabled,
                servers,
                topic,
                r.integer("partitions", 12, 1, 10_000),
                (short) r.integer("replication-factor", -1, -1, 32),
                group,
                r.bool("consume", true),
                r.integer("consumers", 1, 1, 64),
                r.duration("send-timeout", Duration.ofSeconds(5), Duration.ofMillis(100)),
                r.duration("session-timeout", Duration.ofSeconds(10), Duration.ofSeconds(1)),
                r.integer("max-poll-records", 200, 1, 10_000),
                KafkaClientSettings.read(client, origin));
    }

    /** Reads one key at a time, and words the refusal of a value. */
    private record Reader(
            Function<String, Optional<String>> values, Function<String, String> origin) {
        String text(String name, String fallback) {
            return values.apply(PREFIX + name).orElse(fallback);
        }

        boolean bool(String name, boolean fallback) {
            String v = text(name, String.valueOf(fallback)).strip().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "true" -> true;
                case "false" -> false;
                default -> throw bad(name, "must be true or false");
            };
        }

        int integer(String name, int fallback, int min, int max) {
            String v = text(name, String.valueOf(fallback)).strip();
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // worded below
            }
            throw bad(name, "must be a whole number from " + min + " to " + max);
        }

        Duration duration(String name, Duration fallback, Duration min) {
            Optional<String> raw = values.apply(PREFIX + name);
            if (raw.isEmpty()) {
                return fallback;
            }
            Duration d = parse(raw.get().strip());
            if (d == null) {
                throw bad(name, "must be a duration such as 500ms, 5s, 2m or PT5S");
            }
            if (d.compareTo(min) < 0) {
                throw bad(name, "must be at least " + min.toMillis() + "ms");
            }
            return d;
        }

        private static Duration parse(String v) {
            Matcher m = SHORT_DURATION.matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        ConfigurationException bad(String name, String reason) {
            String key = PREFIX + name;
            String value = values.apply(key).orElse("");
            return new ConfigurationException(
                    key + " = '" + value + "' (" + origin.apply(key) + "): " + reason);
        }
    }
}

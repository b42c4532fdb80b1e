package dev.vpsguard.server.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.server.TestServer;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaIngestConfigTest {
    private static KafkaIngestConfig read(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> client = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i].startsWith("client.")) {
                client.put(keyValues[i].substring("client.".length()), keyValues[i + 1]);
            }
            values.put("vpsguard.kafka." + keyValues[i], keyValues[i + 1]);
        }
        return KafkaIngestConfig.read(
                k -> Optional.ofNullable(values.get(k)),
                client,
                k -> "set in /etc/vpsguard/server.yml");
    }

    @Test
    void offByDefaultWithTheDocumentedDefaults() {
        KafkaIngestConfig c = read();
        assertThat(c.enabled()).isFalse();
        assertThat(c.topic()).isEqualTo("vpsguard.reports");
        assertThat(c.groupId()).isEqualTo("vpsguard-ingest");
        assertThat(c.partitions()).isEqualTo(12);
        assertThat(c.consume()).isTrue();
        assertThat(c.sendTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void enabledWithoutBootstrapServersNamesKeyFileAndReason() {
        assertThatThrownBy(() -> read("enabled", "true"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vpsguard.kafka.bootstrap-servers")
                .hasMessageContaining("/etc/vpsguard/server.yml")
                .hasMessageContaining("is required when vpsguard.kafka.enabled is true");
    }

    @Test
    void aServerWithoutPortIsRefused() {
        assertThatThrownBy(() -> read("enabled", "true", "bootstrap-servers", "kafka1:9092,kafka2"))
                .hasMessageContaining("vpsguard.kafka.bootstrap-servers = 'kafka1:9092,kafka2'")
                .hasMessageContaining("'kafka2' is not");
        assertThatThrownBy(() -> read("enabled", "true", "bootstrap-servers", "kafka1:99999"))
                .hasMessageContaining("ports 1 to 65535");
    }

    @Test
    void malformedValuesNameTheirKey() {
        assertThatThrownBy(() -> read("enabled", "yes"))
                .hasMessageContaining("vpsguard.kafka.enabled = 'yes'")
                .hasMessageContaining("must be true or false");
        assertThatThrownBy(() -> read("topic", "reports/all"))
                .hasMessageContaining("vpsguard.kafka.topic = 'reports/all'");
        assertThatThrownBy(() -> read("send-timeout", "soon"))
                .hasMessageContaining("vpsguard.kafka.send-timeout = 'soon'")
                .hasMessageContaining("must be a duration");
        assertThatThrownBy(() -> read("session-timeout", "10ms"))
                .hasMessageContaining("must be at least 1000ms");
        assertThatThrownBy(() -> read("consumers", "0"))
                .hasMessageContaining("vpsguard.kafka.consumers = '0'")
                .hasMessageContaining("from 1 to 64");
    }

    @Test
    void aMalformedSettingStopsTheServerNamingKeySourceAndReason() {
        assertThat(
                        startupFailure(
                                Map.of(
                                        "vpsguard.kafka.enabled", "true",
                                        "vpsguard.kafka.bootstrap-servers", "kafka1")))
                .contains("vpsguard.kafka.bootstrap-servers = 'kafka1' (set in ")
                .contains("must be host:port");
    }

    /** The messages of the failure (and its causes) of a server started with {@code props}. */
    private static String startupFailure(Map<String, Object> props) {
        try (TestServer ignored = TestServer.start(props)) {
            throw new AssertionError("started with " + props);
        } catch (RuntimeException e) {
            StringBuilder all = new StringBuilder();
            for (Throwable c = e; c != null; c = c.getCause()) {
                all.append(c.getMessage()).append('\n');
            }
            return all.toString();
        }
    }

    @Test
    void clientSettingsPassThroughToTheClientsThatKnowThem(@TempDir Path dir) throws Exception {
        Path truststore = Files.writeString(dir.resolve("truststore.p12"), "not checked here");
        KafkaIngestConfig c =
                read(
                        "client.security.protocol", "SASL_SSL",
                        "client.sasl.mechanism", "SCRAM-SHA-512",
                        "client.sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                        + " username=\"vpsguard\" password=\"s3cret\";",
                        "client.ssl.truststore.location", truststore.toString(),
                        "client.fetch.min.bytes", "1024",
                        "client.linger.ms", "5");
        assertThat(c.client().producer())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", truststore.toString())
                .containsEntry("linger.ms", "5")
                .doesNotContainKey("fetch.min.bytes");
        assertThat(c.client().consumer())
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("fetch.min.bytes", "1024")
                .doesNotContainKey("linger.ms");
        assertThat(c.client().admin())
                .containsKeys("security.protocol", "sasl.jaas.config")
                .doesNotContainKeys("linger.ms", "fetch.min.bytes");
        assertThat(read().client().values()).isEmpty();
    }

    @Test
    void malformedClientSettingsNameKeyFileAndReason() {
        assertThatThrownBy(() -> read("client.security.protocol", "TLS"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vpsguard.kafka.client.security.protocol = 'TLS'")
                .hasMessageContaining("(set in /etc/vpsguard/server.yml)")
                .hasMessageContaining("SASL_SSL");
        assertThatThrownBy(() -> read("client.request.timeout.ms", "soon"))
                .hasMessageContaining("vpsguard.kafka.client.request.timeout.ms = 'soon'")
                .hasMessageContaining("Not a number of type INT");
        assertThatThrownBy(() -> read("client.securty.protocol", "SSL"))
                .hasMessageContaining("vpsguard.kafka.client.securty.protocol")
                .hasMessageContaining("is not a setting of the Kafka producer, consumer or admin");
        assertThatThrownBy(() -> read("client.acks", "1"))
                .hasMessageContaining("vpsguard.kafka.client.acks = '1'")
                .hasMessageContaining("is set by vpsguard");
        assertThatThrownBy(() -> read("client.bootstrap.servers", "kafka1:9092"))
                .hasMessageContaining("use vpsguard.kafka.bootstrap-servers");
        assertThatThrownBy(
                        () -> read("client.ssl.truststore.location", "/nonexistent/truststore.p12"))
                .hasMessageContaining("vpsguard.kafka.client.ssl.truststore.location")
                .hasMessageContaining("must be a readable file");
    }

    @Test
    void aSecretUnderAMisspeltKeyIsNotPrinted() {
        assertThatThrownBy(() -> read("client.ssl.key.pasword", "s3cret"))
                .hasMessageContaining("vpsguard.kafka.client.ssl.key.pasword (set in")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void clientSettingsInEnvironmentVariablesAreRefusedNotIgnored() {
        assertThatThrownBy(
                        () ->
                                KafkaClientSettings.refuseEnvironment(
                                        Map.of(
                                                "PATH", "/usr/bin",
                                                "VPSGUARD_KAFKA_CLIENT_SECURITY_PROTOCOL", "SSL")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(
                        "VPSGUARD_KAFKA_CLIENT_SECURITY_PROTOCOL (environment variable)")
                .hasMessageContaining("configuration file or system properties");
        KafkaClientSettings.refuseEnvironment(Map.of("VPSGUARD_KAFKA_ENABLED", "true"));
    }

    @Test
    void aMalformedClientSettingStopsTheServer() {
        assertThat(startupFailure(Map.of("vpsguard.kafka.client.security.protocol", "TLS")))
                .contains("vpsguard.kafka.client.security.protocol = 'TLS' (set in ")
                .contains("SASL_SSL");
    }

    @Test
    void clientSettingsAreReadFromAFileAndFromSystemProperties() throws Exception {
        String yaml =
                String.join(
                        "\n",
                        "vpsguard:",
                        "  kafka:",
                        "    client:",
                        "      security.protocol: SSL",
                        "      ssl.enabled.protocols: [TLSv1.3, TLSv1.2]",
                        "");
        Map<String, Object> file =
                new YamlPropertySourceLoader()
                        .read("server.yml", yaml.getBytes(StandardCharsets.UTF_8));
        PropertySourcePropertyResolver resolver =
                new PropertySourcePropertyResolver(
                        PropertySource.of("server.yml", file),
                        PropertySource.of(
                                "system",
                                Map.of("vpsguard.kafka.client.reconnect.backoff.ms", "51"),
                                PropertySource.PropertyConvention.JAVA_PROPERTIES));
        KafkaClientSettings s =
                KafkaClientSettings.read(KafkaIngestFactory.client(resolver), k -> "set");
        assertThat(s.values())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "security.protocol", "SSL",
                                "ssl.enabled.protocols", "TLSv1.3,TLSv1.2",
                                "reconnect.backoff.ms", "51"));
    }
}

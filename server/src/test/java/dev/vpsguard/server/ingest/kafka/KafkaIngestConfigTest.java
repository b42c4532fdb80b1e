package dev.vpsguard.server.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.server.TestServer;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaIngestConfigTest {
    private static KafkaIngestConfig read(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            values.put("vpsguard.kafka." + keyValues[i], keyValues[i + 1]);
        }
        return KafkaIngestConfig.read(
                k -> Optional.ofNullable(values.get(k)), k -> "set in /etc/vpsguard/server.yml");
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
        try (TestServer ignored =
                TestServer.start(
                        Map.of(
                                "vpsguard.kafka.enabled", "true",
                                "vpsguard.kafka.bootstrap-servers", "kafka1"))) {
            throw new AssertionError("started with a malformed vpsguard.kafka.bootstrap-servers");
        } catch (RuntimeException e) {
            StringBuilder all = new StringBuilder();
            for (Throwable c = e; c != null; c = c.getCause()) {
                all.append(c.getMessage()).append('\n');
            }
            assertThat(all.toString())
                    .contains("vpsguard.kafka.bootstrap-servers = 'kafka1' (set in ")
                    .contains("must be host:port");
        }
    }
}

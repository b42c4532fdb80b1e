package dev.vpsguard.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.testing.MutableClock;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LocalEndpointsServerTest {
    @Test
    void servesMetricsOverARealSocketAndRefusesATakenPort() throws Exception {
        CollectorRegistry registry = new CollectorRegistry();
        Gauge.build("vpsguard_test_value", "test").register(registry).set(3);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        LocalEndpointsHandler handler =
                new LocalEndpointsHandler(
                        registry,
                        new HealthCheck(() -> t0, Duration.ofSeconds(5), new MutableClock(t0)));
        try (LocalEndpointsServer server =
                new LocalEndpointsServer(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), handler)) {
            HttpClient client =
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI base = URI.create("http://127.0.0.1:" + server.address().getPort());
            HttpResponse<String> metrics =
                    client.send(
                            HttpRequest.newBuilder(base.resolve("/metrics"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("vpsguard_test_value 3.0");
            HttpResponse<String> health =
                    client.send(
                            HttpRequest.newBuilder(base.resolve("/healthz"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("ok\n");

            assertThatThrownBy(() -> new LocalEndpointsServer(server.address(), handler))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot listen on");
        }
    }
}

package dev.vpsguard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.inventory.Fixtures;
import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.agent.testing.FakeServer;
import dev.vpsguard.agent.testing.PrometheusText;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.testing.Await;
import io.prometheus.client.CollectorRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real scrape of a running agent (Proxmox inventory and cgroup files of a captured host, a real
 * report sent to a stand-in server) follows Prometheus's conventions and carries the host's real
 * counters.
 */
class AgentMetricsScrapeTest {
    @TempDir Path tmp;

    @Test
    void scrapeFollowsPrometheusConventionsAndCarriesTheGuestsCounters() throws Exception {
        Path host = Fixtures.copyPveHost(tmp);
        String text;
        try (FakeServer server =
                        new FakeServer(
                                r ->
                                        new FakeServer.Answer(
                                                200,
                                                "{\"seq\":1,\"duplicate\":false,\"desiredState\":{\"version\":3,\"issuedAt\":\"2026-01-01T00:00:00Z\",\"actions\":[]}}"));
                AgentRuntime runtime =
                        new AgentRuntime(
                                AgentRuntimeTest.config(
                                        server,
                                        tmp,
                                        host,
                                        new AgentConfig.Inventory(
                                                AgentConfig.InventoryMode.PROXMOX, List.of())),
                                new HostCredential("h-1", "c"),
                                Clock.systemUTC(),
                                new CollectorRegistry())) {
            runtime.start();
            Await.until(
                    "a report accepted",
                    Duration.ofSeconds(10),
                    () -> {
                        try {
                            return scrape(runtime)
                                    .contains("vpsguard_agent_reports_sent_total 1.0");
                        } catch (Exception e) {
                            throw new AssertionError("the scrape failed", e);
                        }
                    });
            text = scrape(runtime);
        }
        PrometheusText m = PrometheusText.parse(text);
        assertThat(m.problems()).isEmpty();
        String promtool = PrometheusText.promtool(text, tmp);
        if (promtool == null) {
            System.out.println("promtool not installed: checked by PrometheusText's rules only");
        } else {
            assertThat(promtool).as("promtool check metrics").isEmpty();
        }

        assertThat(m.named("vpsguard_agent_up")).isEmpty();
        assertThat(
                        m.value(
                                "vpsguard_agent_build_info",
                                Map.of(
                                        "version",
                                        "dev",
                                        "protocol",
                                        String.valueOf(ProtocolJson.VERSION))))
                .isEqualTo(1.0);
        // Identity on one info series per guest; everything else is keyed by vmid alone.
        assertThat(
                        m.value(
                                "vpsguard_agent_guest_info",
                                Map.of("vmid", "101", "kind", "qemu", "name", "ci-node-1")))
                .isEqualTo(1.0);
        assertThat(m.named("vpsguard_agent_guest_info")).hasSize(7);
        assertThat(m.samples())
                .filteredOn(s -> s.name().startsWith("vpsguard_agent_guest_"))
                .filteredOn(s -> !s.name().equals("vpsguard_agent_guest_info"))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.labels().keySet()).containsExactly("vmid"));
        // The kernel's counters, in base units (fixtures/pve-host: cpu.stat, io.stat, taps).
        assertThat(m.type("vpsguard_agent_guest_cpu_seconds_total")).isEqualTo("counter");
        assertThat(m.value("vpsguard_agent_guest_cpu_seconds_total", Map.of("vmid", "100")))
                .isEqualTo(8123.456789);
        assertThat(m.value("vpsguard_agent_guest_cpu_seconds_total", Map.of("vmid", "101")))
                .isEqualTo(423.0);
        assertThat(m.value("vpsguard_agent_guest_disk_read_bytes_total", Map.of("vmid", "100")))
                .isEqualTo(1163264.0 + 4813033472.0);
        assertThat(m.value("vpsguard_agent_guest_disk_writes_total", Map.of("vmid", "100")))
                .isEqualTo(1203442.0);
        // A guest's transmit is its tap's receive; summed over its NICs.
        assertThat(
                        m.value(
                                "vpsguard_agent_guest_network_transmit_bytes_total",
                                Map.of("vmid", "101")))
                .isEqualTo(7000100.0);
        assertThat(
                        m.value(
                                "vpsguard_agent_guest_network_receive_packets_total",
                                Map.of("vmid", "101")))
                .isEqualTo(90002.0);
        assertThat(m.value("vpsguard_agent_guest_running", Map.of("vmid", "103"))).isZero();
        assertThat(m.value("vpsguard_agent_guest_cpu_seconds_total", Map.of("vmid", "103")))
                .as("a stopped guest has no counters")
                .isNull();
        assertThat(m.value("vpsguard_agent_guest_vcpus", Map.of("vmid", "101"))).isPositive();
        assertThat(m.named("vpsguard_agent_host_cpus")).hasSize(1);
        assertThat(m.value("vpsguard_agent_seq", Map.of())).isEqualTo(1.0);
        assertThat(m.named("jvm_memory_bytes_used")).isNotEmpty();
    }

    private static String scrape(AgentRuntime runtime) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + runtime.metricsAddress().getPort() + "/metrics");
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}

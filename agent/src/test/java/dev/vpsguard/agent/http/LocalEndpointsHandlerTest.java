package dev.vpsguard.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vpsguard.agent.metrics.AgentMetrics;
import dev.vpsguard.agent.metrics.JvmMetrics;
import dev.vpsguard.agent.metrics.SampleCollector;
import dev.vpsguard.agent.testing.FakeHost;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.testing.MutableClock;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.prometheus.client.CollectorRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LocalEndpointsHandlerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicReference<Instant> lastCycle = new AtomicReference<>();
    private final CollectorRegistry registry = new CollectorRegistry();
    private final SampleCollector samples = new SampleCollector();
    private final LocalEndpointsHandler handler =
            new LocalEndpointsHandler(
                    registry,
                    List.of(samples),
                    new HealthCheck(lastCycle::get, Duration.ofSeconds(5), clock));

    private record Answer(int status, String contentType, String body) {}

    private Answer get(String uri, HttpMethod method) {
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        FullHttpResponse res = ch.readOutbound();
        try {
            return new Answer(
                    res.status().code(),
                    res.headers().get("Content-Type"),
                    res.content().toString(StandardCharsets.UTF_8));
        } finally {
            res.release();
            assertFalse(ch.finishAndReleaseAll());
        }
    }

    @Test
    void metricsServesAgentHostGuestAndJvmFamilies() {
        AgentMetrics metrics = new AgentMetrics(registry);
        metrics.spoolDropped.inc(2);
        metrics.seq.set(42);
        JvmMetrics.register(registry);
        FakeHost host = new FakeHost();
        samples.update(
                new Report(
                        1,
                        "h",
                        42,
                        T0,
                        host.sampleHost(),
                        host.sampleGuests(FakeHost.GUESTS),
                        null,
                        null,
                        null));

        Answer a = get("/metrics", HttpMethod.GET);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(a.body())
                .doesNotContain("vpsguard_agent_up")
                .doesNotContain("_created")
                .contains(
                        "vpsguard_agent_build_info{version=\"dev\",protocol=\""
                                + ProtocolJson.VERSION
                                + "\",} 1.0")
                .contains("vpsguard_agent_seq 42.0")
                .contains("vpsguard_agent_spool_dropped_reports_total 2.0")
                .contains("vpsguard_agent_reports_rejected_total 0.0")
                .contains("vpsguard_agent_report_latency_seconds_bucket")
                .contains("vpsguard_agent_spool_reports 0.0")
                .contains("vpsguard_agent_host_cpu_busy_ratio 0.125")
                .contains(
                        "vpsguard_agent_guest_info{vmid=\"101\",kind=\"qemu\",name=\"web1\",} 1.0")
                .contains("vpsguard_agent_guest_vcpus{vmid=\"101\",} 2.0")
                .contains("vpsguard_agent_guest_memory_configured_bytes{vmid=\"200\",} 536870912.0")
                .contains("jvm_memory_bytes_used");
    }

    @Test
    void theRegistrysFiguresMoveFromScrapeToScrapeWhileTheGuestsWaitForTheNextReport() {
        AgentMetrics metrics = new AgentMetrics(registry);
        FakeHost host = new FakeHost();
        samples.update(
                new Report(
                        1,
                        "h",
                        1,
                        T0,
                        host.sampleHost(),
                        host.sampleGuests(FakeHost.GUESTS),
                        null,
                        null,
                        null));
        metrics.seq.set(1);
        String first = get("/metrics", HttpMethod.GET).body();
        metrics.seq.set(2);
        String second = get("/metrics", HttpMethod.GET).body();

        assertThat(first).contains("vpsguard_agent_seq 1.0");
        assertThat(second).contains("vpsguard_agent_seq 2.0");
        String guests = "# HELP vpsguard_agent_host_";
        assertThat(second.substring(second.indexOf(guests)))
                .isEqualTo(first.substring(first.indexOf(guests)))
                .contains("vpsguard_agent_guest_info{vmid=\"200\"");
    }

    @Test
    void guestsThatLeaveTheInventoryLeaveTheMetrics() {
        FakeHost host = new FakeHost();
        samples.update(
                new Report(
                        1,
                        "h",
                        1,
                        T0,
                        host.sampleHost(),
                        host.sampleGuests(FakeHost.GUESTS),
                        null,
                        null,
                        null));
        assertThat(get("/metrics", HttpMethod.GET).body()).contains("vmid=\"200\"");
        samples.update(
                new Report(
                        1,
                        "h",
                        2,
                        T0,
                        host.sampleHost(),
                        host.sampleGuests(FakeHost.GUESTS.subList(0, 1)),
                        null,
                        null,
                        null));
        assertThat(get("/metrics", HttpMethod.GET).body())
                .doesNotContain("vmid=\"200\"")
                .contains("vmid=\"101\"");
    }

    @Test
    void healthzIsOkWithinThreeIntervalsAndExplainsOtherwise() {
        Answer none = get("/healthz", HttpMethod.GET);
        assertThat(none.status()).isEqualTo(503);
        assertThat(none.body()).contains("no report cycle");

        lastCycle.set(T0);
        clock.advance(Duration.ofSeconds(15));
        Answer ok = get("/healthz", HttpMethod.GET);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("ok\n");

        clock.advance(Duration.ofSeconds(1));
        Answer stale = get("/healthz", HttpMethod.GET);
        assertThat(stale.status()).isEqualTo(503);
        assertThat(stale.body()).contains("16 s ago").contains("interval is 5 s");
    }

    @Test
    void otherPathsAndMethodsAreRefused() {
        assertThat(get("/", HttpMethod.GET).status()).isEqualTo(404);
        assertThat(get("/metrics", HttpMethod.POST).status()).isEqualTo(405);
        assertThat(get("/healthz?verbose=1", HttpMethod.GET).status()).isEqualTo(503);
    }
}

package dev.vpsguard.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.client.HttpPostClient;
import dev.vpsguard.agent.metrics.AgentMetrics;
import dev.vpsguard.agent.spool.Spool;
import dev.vpsguard.agent.testing.FakeHost;
import dev.vpsguard.agent.testing.FakeServer;
import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.testing.MutableClock;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report loop's hooks for enforcement: per-cycle tasks and the ack in the next report. */
class ReportLoopEnforcementTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir Path tmp;
    private FakeServer server;
    private HttpPostClient http;
    private ReportLoop loop;

    @BeforeEach
    void setUp() throws IOException {
        server = new FakeServer(ReportLoopTest::accept);
        AgentMetrics metrics = new AgentMetrics(new CollectorRegistry());
        http = new HttpPostClient(server.url(), null, Duration.ofSeconds(2), Duration.ofSeconds(5));
        FakeHost host = new FakeHost();
        loop =
                new ReportLoop(
                        "host-1",
                        host,
                        host,
                        new SeqStore(tmp.resolve("state")),
                        new Spool(tmp.resolve("spool"), 1 << 20, 3, metrics),
                        new ReportClient(http, new HostCredential("host-1", "s3cret")),
                        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0),
                        new MutableClock(T0),
                        metrics,
                        100);
    }

    @AfterEach
    void tearDown() {
        http.close();
        server.close();
    }

    private List<Report> received() throws Exception {
        List<Report> out = new ArrayList<>();
        for (FakeServer.Request r : server.requests) {
            out.add(ProtocolJson.read(r.body(), Report.class));
        }
        return out;
    }

    @Test
    void theAckOfAReceivedStateTravelsInTheNextReport() throws Exception {
        AtomicReference<EnforcementAck> ack = new AtomicReference<>();
        loop.enforcementAck(ack::get);
        loop.onDesiredState(
                (DesiredState s) ->
                        ack.set(
                                new EnforcementAck(
                                        s.version(),
                                        List.of(
                                                new ActionResult(
                                                        "a1", ActionStatus.APPLIED, null, T0)))));

        loop.runOnce();
        loop.runOnce();

        List<Report> reports = received();
        assertThat(reports.get(0).enforcementAck()).isNull();
        assertThat(reports.get(1).enforcementAck().stateVersion()).isEqualTo(7);
        assertThat(reports.get(1).enforcementAck().results())
                .extracting(ActionResult::status)
                .containsExactly(ActionStatus.APPLIED);
    }

    @Test
    void cycleTasksRunBeforeTheReportIsBuiltAndAFailingOneDoesNotStopTheCycle() throws Exception {
        List<String> order = new ArrayList<>();
        loop.onCycle(
                () -> {
                    order.add("task");
                    throw new IllegalStateException("nft is broken");
                });
        loop.onReport(r -> order.add("report " + r.seq()));

        loop.runOnce();

        assertThat(order).containsExactly("task", "report 1");
        assertThat(received()).hasSize(1);
    }
}

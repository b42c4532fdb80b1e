package dev.vpsguard.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.client.HttpPostClient;
import dev.vpsguard.agent.metrics.AgentMetrics;
import dev.vpsguard.agent.smtp.SmtpWindows;
import dev.vpsguard.agent.spool.Spool;
import dev.vpsguard.agent.testing.FakeHost;
import dev.vpsguard.agent.testing.FakeServer;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.ReportReply;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.testing.MutableClock;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportLoopTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir Path tmp;
    private final MutableClock clock = new MutableClock(T0);
    private final List<HttpPostClient> clients = new ArrayList<>();
    private FakeServer server;
    private CollectorRegistry registry;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeServer(ReportLoopTest::accept);
    }

    @AfterEach
    void tearDown() {
        server.close();
        clients.forEach(HttpPostClient::close);
    }

    /** Accepts every report, with desired state version 7. */
    static FakeServer.Answer accept(FakeServer.Request r) {
        try {
            Report report = ProtocolJson.read(r.body(), Report.class);
            return new FakeServer.Answer(
                    200,
                    new String(
                            ProtocolJson.write(
                                    new ReportReply(
                                            report.seq(),
                                            false,
                                            new DesiredState(7, T0, List.of()))),
                            StandardCharsets.UTF_8));
        } catch (Exception e) {
            return new FakeServer.Answer(
                    400,
                    "{\"error\":\"invalid\",\"message\":\""
                            + e.getMessage().replace('"', '\'')
                            + "\"}");
        }
    }

    /**
     * A loop over this test's dirs; a new call is a restarted agent. Random 0: delays are half the
     * step.
     */
    private ReportLoop loop(long maxBytes) throws IOException {
        registry = new CollectorRegistry();
        AgentMetrics metrics = new AgentMetrics(registry);
        HttpPostClient http =
                new HttpPostClient(
                        server.url(), null, Duration.ofSeconds(2), Duration.ofSeconds(5));
        clients.add(http);
        FakeHost host = new FakeHost();
        return new ReportLoop(
                "host-1",
                host,
                host,
                new SeqStore(tmp.resolve("state")),
                new Spool(tmp.resolve("spool"), maxBytes, 3, metrics),
                new ReportClient(http, new HostCredential("host-1", "s3cret")),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0),
                clock,
                metrics,
                100);
    }

    private ReportLoop loop() throws IOException {
        return loop(64L << 20);
    }

    private List<Long> receivedSeqs() {
        return server.requests.stream()
                .map(
                        r -> {
                            try {
                                return ProtocolJson.read(r.body(), Report.class).seq();
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        })
                .collect(Collectors.toList());
    }

    private double metric(String name) {
        Double v = registry.getSampleValue(name);
        return v == null ? 0 : v;
    }

    @Test
    void reportIsGzippedJsonWithBearerTokenAndKeepsDesiredState() throws Exception {
        ReportLoop loop = loop();
        List<DesiredState> seen = new ArrayList<>();
        loop.onDesiredState(seen::add);
        loop.runOnce();

        assertThat(server.requests).hasSize(1);
        FakeServer.Request r = server.requests.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/v1/reports");
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(r.rawBody()[0] & 0xff).isEqualTo(0x1f); // gzip magic
        Report report = ProtocolJson.read(r.body(), Report.class);
        assertThat(report.protocolVersion()).isEqualTo(ProtocolJson.VERSION);
        assertThat(report.hostId()).isEqualTo("host-1");
        assertThat(report.seq()).isEqualTo(1);
        assertThat(report.sentAt()).isEqualTo(T0);
        assertThat(report.host().cpuPercent()).isEqualTo(12.5);
        assertThat(report.guests()).extracting(g -> g.vmid()).containsExactly(101, 200);

        assertThat(loop.desiredState()).map(DesiredState::version).contains(7L);
        loop.runOnce();
        assertThat(seen).hasSize(1); // same version again: listeners are not called twice
        assertThat(metric("vpsguard_agent_reports_sent_total")).isEqualTo(2);
        assertThat(metric("vpsguard_agent_last_success_timestamp_seconds"))
                .isEqualTo(T0.getEpochSecond());
        assertThat(metric("vpsguard_agent_seq")).isEqualTo(2);
    }

    @Test
    void eachGuestCarriesItsSmtpWindowAndUnattributedFlowsTravelApart() throws Exception {
        ReportLoop loop = loop();
        SmtpWindow spam = new SmtpWindow(T0.minusSeconds(5), T0, 40, 35, 30, 10, 5, 20, null);
        SmtpWindow stray = new SmtpWindow(T0.minusSeconds(5), T0, 2, 1, 1, 0, 0, 2, null);
        List<Instant> closedAt = new ArrayList<>();
        loop.smtpWindows(
                (guests, now) -> {
                    closedAt.add(now);
                    assertThat(guests).extracting(g -> g.vmid()).containsExactly(101, 200);
                    return new SmtpWindows(java.util.Map.of(101, spam), stray);
                });
        loop.runOnce();

        Report report = ProtocolJson.read(server.requests.get(0).body(), Report.class);
        assertThat(closedAt).containsExactly(T0);
        assertThat(report.guests().get(0).smtp()).isEqualTo(spam);
        // A quiet guest gets an all-zero window, not "not observed".
        SmtpWindow quiet = report.guests().get(1).smtp();
        assertThat(quiet.newConnections()).isZero();
        assertThat(quiet.end()).isEqualTo(T0);
        assertThat(report.unattributedSmtp()).isEqualTo(stray);
    }

    @Test
    void serverDownSpoolsThenReplaysEverythingInSeqOrder() throws Exception {
        ReportLoop loop = loop();
        server.stop();
        for (int i = 0; i < 5; i++) {
            loop.runOnce();
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(metric("vpsguard_agent_spool_reports")).isEqualTo(5);
        assertThat(metric("vpsguard_agent_report_failures_total", "unreachable")).isGreaterThan(0);

        server.start();
        clock.advance(Duration.ofSeconds(60));
        loop.runOnce();
        assertThat(receivedSeqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(metric("vpsguard_agent_spool_reports")).isZero();
        assertThat(metric("vpsguard_agent_spool_bytes")).isZero();
    }

    @Test
    void onlyReportsTheServerDidNotTakeWithinTheirCycleAreFsynced() throws Exception {
        ReportLoop loop = loop();
        loop.runOnce();
        loop.runOnce();
        assertThat(receivedSeqs()).containsExactly(1L, 2L);
        assertThat(metric("vpsguard_agent_spool_syncs_total")).isZero();

        server.stop();
        clock.advance(Duration.ofSeconds(5));
        loop.runOnce();
        assertThat(metric("vpsguard_agent_spool_reports")).isEqualTo(1);
        assertThat(metric("vpsguard_agent_spool_syncs_total")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        loop.runOnce(); // still backing off: the new report is synced, the old one not again
        assertThat(metric("vpsguard_agent_spool_syncs_total")).isEqualTo(2);
    }

    private double metric(String name, String reason) {
        Double v = registry.getSampleValue(name, new String[] {"reason"}, new String[] {reason});
        return v == null ? 0 : v;
    }

    @Test
    void fullSpoolDropsTheOldestAndCountsThem() throws Exception {
        int size =
                ReportEncoder.encode(
                                new Report(
                                        1,
                                        "host-1",
                                        1,
                                        T0,
                                        new FakeHost().sampleHost(),
                                        new FakeHost().sampleGuests(FakeHost.GUESTS),
                                        null,
                                        null,
                                        null))
                        .length;
        ReportLoop loop = loop(size * 2L + size / 2);
        server.stop();
        for (int i = 0; i < 5; i++) {
            loop.runOnce();
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(metric("vpsguard_agent_spool_dropped_reports_total")).isEqualTo(3);
        assertThat(metric("vpsguard_agent_spool_reports")).isEqualTo(2);

        server.start();
        clock.advance(Duration.ofSeconds(60));
        loop.runOnce();
        // 1..3 were dropped (and counted); the rest arrive in order. 6 evicted nothing more: 4 went
        // first.
        assertThat(receivedSeqs()).containsExactly(5L, 6L);
        assertThat(metric("vpsguard_agent_spool_dropped_reports_total")).isEqualTo(4);
    }

    @Test
    void reportRefusedWithA4xxIsSetAsideAndNeverRetried() throws Exception {
        server.respond(
                r ->
                        receivedSeqs().size() == 1
                                ? new FakeServer.Answer(
                                        422,
                                        "{\"error\":\"invalid_field\",\"field\":\"guests[0].vmid\",\"message\":\"unknown"
                                                + " guest\"}")
                                : accept(r));
        ReportLoop loop = loop();
        loop.runOnce();
        clock.advance(Duration.ofSeconds(5));
        loop.runOnce();
        clock.advance(Duration.ofSeconds(5));
        loop.runOnce();

        assertThat(receivedSeqs()).containsExactly(1L, 2L, 3L);
        assertThat(metric("vpsguard_agent_reports_rejected_total")).isEqualTo(1);
        assertThat(reply("refused")).isEqualTo(1);
        assertThat(tmp.resolve("spool/rejected/00000000000000000001.json.gz")).exists();
        assertThat(metric("vpsguard_agent_spool_reports")).isZero();
    }

    @Test
    void unauthorizedKeepsEveryReportSpooled() throws Exception {
        server.respond(
                r ->
                        new FakeServer.Answer(
                                401,
                                "{\"error\":\"unauthorized\",\"message\":\"bad credential\"}"));
        ReportLoop loop = loop();
        for (int i = 0; i < 3; i++) {
            loop.runOnce();
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(metric("vpsguard_agent_spool_reports")).isEqualTo(3);
        assertThat(metric("vpsguard_agent_reports_rejected_total")).isZero();

        server.respond(ReportLoopTest::accept);
        server.requests.clear();
        clock.advance(Duration.ofSeconds(60));
        loop.runOnce();
        assertThat(receivedSeqs()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void restartedLoopContinuesTheSeqAndReplaysTheSpoolFirst() throws Exception {
        ReportLoop first = loop();
        server.stop();
        for (int i = 0; i < 3; i++) {
            first.runOnce();
            clock.advance(Duration.ofSeconds(5));
        }
        first.stop();

        server.start();
        ReportLoop second = loop();
        assertThat(metric("vpsguard_agent_spool_reports")).isEqualTo(3);
        second.runOnce();
        assertThat(receivedSeqs()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(Files.readString(tmp.resolve("state/seq")).trim()).isEqualTo("4");
    }

    @Test
    void backoffDoublesBetweenAttemptsUpToTheCap() throws Exception {
        server.respond(r -> new FakeServer.Answer(503, "busy"));
        ReportLoop loop = loop();
        List<Long> gapsMs = new ArrayList<>();
        loop.runOnce();
        for (int i = 0; i < 9; i++) {
            Instant next = loop.nextAttemptAt();
            gapsMs.add(Duration.between(clock.instant(), next).toMillis());
            int before = server.requests.size();
            // A cycle before the backoff has passed spools but does not send.
            clock.advance(Duration.between(clock.instant(), next).minusMillis(1));
            loop.runOnce();
            assertThat(server.requests).hasSize(before);
            clock.advance(Duration.ofMillis(1));
            loop.runOnce();
            assertThat(server.requests).hasSize(before + 1);
        }
        // Random 0 takes the lowest jittered value: half of 1, 2, 4, ... capped at 60 s.
        assertThat(gapsMs)
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
        assertThat(metric("vpsguard_agent_report_failures_total", "server_error")).isEqualTo(10);
        // Nothing was lost while backing off: every cycle's report is still spooled.
        assertThat(metric("vpsguard_agent_spool_reports"))
                .isEqualTo(LongStream.rangeClosed(1, 19).count());
    }

    private double reply(String kind) {
        Double v =
                registry.getSampleValue(
                        "vpsguard_agent_report_replies_unexpected_total",
                        new String[] {"reply"},
                        new String[] {kind});
        return v == null ? 0 : v;
    }

    private static FakeServer.Answer reply(FakeServer.Request r, long seq, boolean duplicate) {
        return new FakeServer.Answer(
                200,
                new String(
                        ProtocolJson.write(
                                new ReportReply(
                                        seq, duplicate, new DesiredState(7, T0, List.of()))),
                        StandardCharsets.UTF_8));
    }

    @Test
    void everyReportCarriesTheInstanceOfItsState() throws Exception {
        ReportLoop loop = loop();
        loop.runOnce();
        clock.advance(Duration.ofSeconds(5));
        loop.runOnce();
        String instance = Files.readString(tmp.resolve("state/instance")).trim();
        assertThat(server.requests)
                .extracting(r -> ProtocolJson.read(r.body(), Report.class).agentInstance())
                .containsExactly(instance, instance);
    }

    @Test
    void aLostStateStartsANewInstanceAtSeqOne() throws Exception {
        ReportLoop first = loop();
        first.runOnce();
        first.runOnce();
        first.stop();
        String before =
                ProtocolJson.read(server.requests.get(1).body(), Report.class).agentInstance();
        Files.delete(tmp.resolve("state/seq"));
        Files.delete(tmp.resolve("state/instance"));

        ReportLoop second = loop();
        second.runOnce();
        Report report = ProtocolJson.read(server.requests.get(2).body(), Report.class);
        assertThat(report.seq()).isEqualTo(1);
        assertThat(report.agentInstance()).isNotEqualTo(before);
    }

    @Test
    void aDuplicateReplyIsLoggedCountedAndTheDeliveredReportRemoved() throws Exception {
        server.respond(r -> reply(r, 1, true));
        ReportLoop loop = loop();
        loop.runOnce();
        assertThat(reply("duplicate")).isEqualTo(1);
        assertThat(metric("vpsguard_agent_spool_reports")).isZero();
        assertThat(tmp.resolve("spool/rejected")).doesNotExist();
    }

    @Test
    void aSuccessThatDoesNotConfirmTheReportSetsItAsideInsteadOfDeletingIt() throws Exception {
        ReportLoop loop = loop();
        server.respond(r -> new FakeServer.Answer(200, "<html>welcome</html>"));
        loop.runOnce();
        clock.advance(Duration.ofSeconds(5));
        server.respond(r -> reply(r, 99, false));
        loop.runOnce();
        clock.advance(Duration.ofSeconds(5));
        server.respond(ReportLoopTest::accept);
        loop.runOnce();

        assertThat(reply("unreadable")).isEqualTo(1);
        assertThat(reply("seq_mismatch")).isEqualTo(1);
        assertThat(tmp.resolve("spool/rejected/00000000000000000001.json.gz")).exists();
        assertThat(tmp.resolve("spool/rejected/00000000000000000002.json.gz")).exists();
        // Nothing holds up the reports behind them.
        assertThat(receivedSeqs()).containsExactly(1L, 2L, 3L);
        assertThat(metric("vpsguard_agent_spool_reports")).isZero();
        assertThat(metric("vpsguard_agent_reports_sent_total")).isEqualTo(1);
    }
}

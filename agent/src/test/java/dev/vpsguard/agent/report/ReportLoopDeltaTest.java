package dev.vpsguard.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.client.HttpPostClient;
import dev.vpsguard.agent.metrics.AgentMetrics;
import dev.vpsguard.agent.spool.Spool;
import dev.vpsguard.agent.testing.FakeHost;
import dev.vpsguard.agent.testing.FakeServer;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.GuestInventory;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.ReportDelta;
import dev.vpsguard.protocol.ReportReply;
import dev.vpsguard.testing.MutableClock;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta reports (protocol 3) against a server that expands them as the real one does (its base: the
 * last report it stored): every report built reaches it whole, through outages and a server that
 * lost its base.
 */
class ReportLoopDeltaTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir Path tmp;

    private final MutableClock clock = new MutableClock(T0);
    private FakeServer server;
    private HttpPostClient http;
    private CollectorRegistry registry;

    /** What the server stored, by seq, expanded. */
    private final Map<Long, Report> stored = new TreeMap<>();

    private final List<Boolean> deltas = new ArrayList<>();
    private Report base;
    private volatile boolean unavailable;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeServer(this::answer);
    }

    @AfterEach
    void tearDown() {
        server.close();
        if (http != null) {
            http.close();
        }
    }

    private synchronized FakeServer.Answer answer(FakeServer.Request r) {
        boolean delta = ProtocolJson.isDelta(r.body());
        deltas.add(delta);
        if (unavailable) {
            return new FakeServer.Answer(503, "{\"error\":\"unavailable\",\"message\":\"down\"}");
        }
        try {
            Report report;
            if (delta) {
                ReportDelta d = ProtocolJson.read(r.body(), ReportDelta.class);
                Map<Integer, GuestInventory> inventory = new HashMap<>();
                if (base != null && base.seq() == d.baseSeq()) {
                    base.guests().forEach(g -> inventory.put(g.vmid(), GuestInventory.of(g)));
                }
                report = inventory.isEmpty() ? null : d.expand(inventory::get).orElse(null);
                if (report == null) {
                    return reply(new ReportReply(d.seq(), false, none(), true, null));
                }
            } else {
                report = ProtocolJson.read(r.body(), Report.class);
            }
            stored.put(report.seq(), report);
            base = report;
            return reply(new ReportReply(report.seq(), false, none(), null, true));
        } catch (Exception e) {
            return new FakeServer.Answer(400, "{\"error\":\"invalid\",\"message\":\"bad\"}");
        }
    }

    private static DesiredState none() {
        return new DesiredState(1, T0, List.of());
    }

    private static FakeServer.Answer reply(ReportReply reply) {
        return new FakeServer.Answer(
                200, new String(ProtocolJson.write(reply), StandardCharsets.UTF_8));
    }

    private ReportLoop loop(List<Report> built) throws IOException {
        registry = new CollectorRegistry();
        AgentMetrics metrics = new AgentMetrics(registry);
        http = new HttpPostClient(server.url(), null, Duration.ofSeconds(2), Duration.ofSeconds(5));
        FakeHost host = new FakeHost();
        ReportLoop loop =
                new ReportLoop(
                        "host-1",
                        host,
                        host,
                        new SeqStore(tmp.resolve("state")),
                        new Spool(tmp.resolve("spool"), 64L << 20, 3, metrics),
                        new ReportClient(http, new HostCredential("host-1", "s3cret")),
                        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0),
                        clock,
                        metrics,
                        100);
        loop.onReport(built::add);
        return loop;
    }

    private void cycle(ReportLoop loop) {
        loop.runOnce();
        clock.advance(Duration.ofSeconds(61));
    }

    @Test
    void onceTheServerKeepsABaseEachReportIsADeltaThatExpandsToWhatWasBuilt() throws Exception {
        List<Report> built = new ArrayList<>();
        ReportLoop loop = loop(built);
        for (int i = 0; i < 4; i++) {
            cycle(loop);
        }
        assertThat(deltas).containsExactly(false, true, true, true);
        assertThat(stored.values()).containsExactlyElementsOf(built);
        // The inventory did not change: no guest carried it after the first report.
        ReportDelta last = ProtocolJson.read(server.requests.get(3).body(), ReportDelta.class);
        assertThat(last.guestsWithInventory()).isZero();
        assertThat(last.baseSeq()).isEqualTo(3);
        assertThat(server.requests.get(3).rawBody().length)
                .isLessThan(server.requests.get(0).rawBody().length);
    }

    @Test
    void serverDownTheSpoolHoldsFullReportsAndEveryReportIsStoredWhenItReturns() throws Exception {
        List<Report> built = new ArrayList<>();
        ReportLoop loop = loop(built);
        cycle(loop);
        cycle(loop);
        // Down behind its proxy (503): handled as a refused connection is (ReportLoopTest), without
        // waiting out the dead pooled connection a stopped test server leaves.
        unavailable = true;
        for (int i = 0; i < 4; i++) {
            cycle(loop);
        }
        // The delta that could not go was turned back into the full report: the spool is
        // self-contained.
        List<byte[]> spooled = spooled();
        assertThat(spooled).hasSize(4);
        assertThat(spooled).noneMatch(ProtocolJson::isDelta);

        // The server comes back without its base (as after losing its state): nothing depends on
        // it.
        base = null;
        unavailable = false;
        cycle(loop);
        cycle(loop);
        assertThat(stored.keySet()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(stored.values()).containsExactlyElementsOf(built);
        assertThat(spooled()).isEmpty();
        // Report 3 was a delta when the server went away.
        assertThat(deltas.subList(0, 3)).containsExactly(false, true, true);
        // Back to deltas once the backlog is gone: report 8 went on report 7.
        assertThat(deltas.get(deltas.size() - 1)).isTrue();
    }

    @Test
    void aDeltaTheServerCannotExpandIsSentAgainInFull() throws Exception {
        List<Report> built = new ArrayList<>();
        ReportLoop loop = loop(built);
        cycle(loop);
        base = null; // the server lost its base (restarted without its database)
        cycle(loop);
        assertThat(deltas).containsExactly(false, true, false);
        assertThat(stored.values()).containsExactlyElementsOf(built);
        assertThat(spooled()).isEmpty();
        Double full =
                registry.getSampleValue(
                        "vpsguard_agent_report_replies_unexpected_total",
                        new String[] {"reply"},
                        new String[] {"send_full"});
        assertThat(full).isEqualTo(1.0);
    }

    @Test
    void aGuestWhoseInventoryChangedCarriesItInTheDelta() throws Exception {
        List<Report> built = new ArrayList<>();
        ReportLoop loop = loop(built);
        cycle(loop);
        GuestSample first = built.get(0).guests().get(0);
        // Same report, one guest renamed: the delta carries that guest's inventory only.
        Report renamed = rename(built.get(0), first.name() + "-renamed");
        ReportDelta delta = ReportDelta.between(built.get(0), renamed);
        assertThat(delta.guestsWithInventory()).isEqualTo(1);
        assertThat(delta.guests().get(0).name()).isEqualTo(first.name() + "-renamed");
    }

    private static Report rename(Report r, String name) {
        List<GuestSample> guests = new ArrayList<>(r.guests());
        GuestSample g = guests.get(0);
        guests.set(0, g.withName(name));
        return new Report(
                r.protocolVersion(),
                r.hostId(),
                r.seq() + 1,
                r.sentAt().plusSeconds(5),
                r.host(),
                guests,
                r.unattributedSmtp(),
                r.enforcementAck(),
                r.agentInstance());
    }

    private List<byte[]> spooled() throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp.resolve("spool"))) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(p))) {
                    out.add(in.readAllBytes());
                }
            }
        }
        return out;
    }
}

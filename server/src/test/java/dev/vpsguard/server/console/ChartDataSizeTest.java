package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.LadderDriver;
import dev.vpsguard.server.guest.RecentSamples;
import dev.vpsguard.server.guest.TimedSample;
import dev.vpsguard.server.rollup.GuestRollup;
import dev.vpsguard.server.rollup.GuestRollupRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The guest page's chart data for a fully populated guest stays within its budget (BENCHMARKS.md,
 * "Console chart data"): one hour at the agent's 5 s interval (720 samples, every figure measured,
 * noisy so that every value uses its three digits) ≤ 50 KB, 30 days of 5-minute rollups (8,640) ≤
 * 200 KB. Byte counts, not times: they do not depend on the machine. Prints the figures.
 */
class ChartDataSizeTest {
    static final int HOUR_BUDGET = 50 * 1024;
    static final int MONTH_BUDGET = 200 * 1024;

    @Test
    void aFullyPopulatedGuestsChartsFitTheirBudget() throws Exception {
        try (TestServer server = TestServer.start(ConsoleClient.properties())) {
            LadderDriver agent = LadderDriver.enroll(server);
            agent.report(0, 101);
            String guest = agent.guestId(101);
            Random random = new Random(42);
            Instant now = server.clock().instant();

            // The hour: 720 samples after the one the report brought, 5 s apart.
            RecentSamples samples = server.context().getBean(RecentSamples.class);
            GuestSample base = Agents.guest(101, 0.5, 0, now);
            for (int i = 1; i <= 720; i++) {
                Instant at = now.plusSeconds(5L * i);
                samples.add(guest, new TimedSample(at, sample(base, at, random)));
            }
            // 30 days of rollups, 5 minutes each, ending now.
            List<GuestRollup> rows = new ArrayList<>();
            Instant first = now.minus(Duration.ofDays(30)).plusSeconds(600);
            for (int i = 0; i < 8640 - 2; i++) {
                rows.add(rollup(guest, first.plusSeconds(300L * i), random));
            }
            server.context().getBean(GuestRollupRepository.class).saveAll(rows);

            ConsoleClient admin = new ConsoleClient(server);
            admin.firstLogin(ConsoleAccessTest.NEW_PASSWORD);
            Sizes hour = sizes(admin, server, "/console/guests/" + guest + "/charts/hour");
            Sizes month = sizes(admin, server, "/console/guests/" + guest + "/charts/month");
            // A poll of the page's script after one more report: only the newest sample.
            long newest = now.plusSeconds(5L * 719).getEpochSecond();
            HttpResponse<String> poll =
                    admin.getJson("/console/guests/" + guest + "/charts/hour?since=" + newest);
            assertThat(Agents.json(poll.body()).get("t").size()).isEqualTo(1);
            System.out.printf("chart data: one poll after a report %d B%n", poll.body().length());
            System.out.printf(
                    "chart data: hour %d points %d B (gzip %d B, on the wire %s); month %d points"
                            + " %d B (gzip %d B, on the wire %s)%n",
                    hour.points,
                    hour.raw,
                    hour.gzip,
                    hour.wire,
                    month.points,
                    month.raw,
                    month.gzip,
                    month.wire);
            assertThat(hour.points).isEqualTo(721);
            // 30 days of half-hour points: 1,441 when the span does not start on a half hour.
            assertThat(month.points).isBetween(1440, 1441);
            assertThat(hour.raw).isLessThanOrEqualTo(HOUR_BUDGET);
            assertThat(month.raw).isLessThanOrEqualTo(MONTH_BUDGET);
        }
    }

    record Sizes(int points, int raw, int gzip, String wire) {}

    private static Sizes sizes(ConsoleClient admin, TestServer server, String path)
            throws IOException, InterruptedException {
        HttpResponse<String> plain = admin.getJson(path);
        assertThat(plain.statusCode()).isEqualTo(200);
        byte[] body = plain.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(body);
        }
        // What the server itself sends to a browser that accepts gzip.
        HttpResponse<byte[]> wire =
                HttpClient.newHttpClient()
                        .send(
                                server.request(path)
                                        .header("Accept", "application/json")
                                        .header("Accept-Encoding", "gzip")
                                        .header("Cookie", admin.cookieHeader())
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
        String encoding = wire.headers().firstValue("Content-Encoding").orElse("identity");
        int points = Agents.json(plain.body()).get("t").size();
        return new Sizes(points, body.length, zipped.size(), wire.body().length + " B " + encoding);
    }

    private static GuestSample sample(GuestSample base, Instant at, Random r) {
        GuestUsage u =
                new GuestUsage(
                        r.nextDouble() * 4,
                        (1L << 30) + (long) (r.nextDouble() * (6L << 30)),
                        8L << 30,
                        r.nextDouble() * 50e6,
                        r.nextDouble() * 80e6,
                        r.nextDouble() * 500,
                        r.nextDouble() * 800,
                        r.nextDouble() * 12e6,
                        r.nextDouble() * 90e6,
                        r.nextDouble() * 9000,
                        r.nextDouble() * 70000);
        int fresh = r.nextInt(40);
        SmtpWindow w =
                new SmtpWindow(
                        at.minusSeconds(5),
                        at,
                        fresh,
                        Math.min(fresh, r.nextInt(25)),
                        0,
                        fresh / 3,
                        fresh / 4,
                        fresh - fresh / 3 - fresh / 4,
                        null);
        return new GuestSample(
                base.vmid(),
                base.kind(),
                base.name(),
                base.status(),
                base.cores(),
                base.memoryConfiguredBytes(),
                base.nics(),
                u,
                w);
    }

    private static GuestRollup rollup(String guest, Instant at, Random r) {
        double cpu = r.nextDouble() * 4;
        double mem = (1L << 30) + r.nextDouble() * (6L << 30);
        return new GuestRollup(
                UUID.randomUUID().toString(),
                guest,
                at,
                60,
                cpu,
                cpu * 1.5,
                mem,
                mem * 1.1,
                r.nextDouble() * 50e6,
                60e6,
                r.nextDouble() * 80e6,
                90e6,
                r.nextDouble() * 12e6,
                20e6,
                r.nextDouble() * 90e6,
                95e6,
                r.nextInt(3000),
                r.nextInt(500));
    }
}

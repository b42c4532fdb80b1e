package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.LadderDriver;
import dev.vpsguard.server.rollup.GuestRollup;
import dev.vpsguard.server.rollup.GuestRollupRepository;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guest page's chart data over real HTTP: seeded samples and rollups, polling, refusals. */
class ConsoleChartsTest {
    static final String PASSWORD = ConsoleAccessTest.NEW_PASSWORD;

    TestServer server;
    LadderDriver agent;
    ConsoleClient admin;

    @BeforeEach
    void start() {
        server = TestServer.start(ConsoleClient.properties());
        agent = LadderDriver.enroll(server);
        admin = new ConsoleClient(server);
        admin.firstLogin(PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode json(String path) {
        return json(admin.getJson(path));
    }

    private JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return Agents.json(r.body());
    }

    @Test
    void theHourChartHoldsEverySampleReportedAndPollsOnlyNewOnes() {
        agent.report(2, 101);
        Instant first = server.clock().instant();
        agent.report(2, 101);
        agent.report(2, 101);
        String guest = agent.guestId(101);

        JsonNode hour = json("/console/guests/" + guest + "/charts/hour");
        assertThat(hour.get("t0").asLong()).isEqualTo(first.getEpochSecond());
        assertThat(hour.get("t").toString()).isEqualTo("[0,5,10]");
        // Agents.guest: 0.5 cores, 1 GiB, disk 100/200 B/s, net 3000/4000 B/s; a 5 s window of
        // 2 new connections (one refused, one distinct destination).
        assertThat(hour.get("cpu").toString()).isEqualTo("[0.5,0.5,0.5]");
        assertThat(hour.get("mem").get(0).asDouble()).isEqualTo(1.07e9);
        assertThat(hour.get("dr").get(2).asInt()).isEqualTo(100);
        assertThat(hour.get("dw").get(2).asInt()).isEqualTo(200);
        assertThat(hour.get("tx").get(1).asInt()).isEqualTo(3000);
        assertThat(hour.get("rx").get(1).asInt()).isEqualTo(4000);
        assertThat(hour.get("smtp").toString()).isEqualTo("[24,24,24]");
        assertThat(hour.get("fail").toString()).isEqualTo("[12,12,12]");
        assertThat(hour.get("dst").toString()).isEqualTo("[1,1,1]");

        // Polling with since= the newest point held brings only what came after it.
        agent.report(4, 101);
        long newest = first.getEpochSecond() + 10;
        JsonNode fresh = json("/console/guests/" + guest + "/charts/hour?since=" + newest);
        assertThat(fresh.get("t0").asLong() + fresh.get("t").get(0).asLong()).isEqualTo(newest + 5);
        assertThat(fresh.get("t").size()).isEqualTo(1);
        assertThat(fresh.get("smtp").toString()).isEqualTo("[48]");

        // A malformed since: 400 naming the field; an unknown guest: 404.
        HttpResponse<String> bad =
                admin.getJson("/console/guests/" + guest + "/charts/hour?since=x");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(bad).field()).isEqualTo("since");
        assertThat(admin.getJson("/console/guests/nope/charts/hour").statusCode()).isEqualTo(404);

        // Without a session: sent to the login page, no data.
        ConsoleClient stranger = new ConsoleClient(server);
        for (String span : new String[] {"hour", "month"}) {
            HttpResponse<String> r =
                    stranger.getJson("/console/guests/" + guest + "/charts/" + span);
            assertThat(r.statusCode()).isIn(302, 303, 401);
            assertThat(r.body()).doesNotContain("\"cpu\"");
        }
    }

    @Test
    void theMonthChartMergesRollupsIntoHalfHours() {
        agent.report(0, 101);
        String guest = agent.guestId(101);
        GuestRollupRepository rollups = server.context().getBean(GuestRollupRepository.class);
        long step = 1800;
        long slot =
                Math.floorDiv(
                                server.clock().instant().minus(Duration.ofDays(2)).getEpochSecond(),
                                step)
                        * step;
        Instant at = Instant.ofEpochSecond(slot);
        // Two 5-minute buckets of one half hour (10 and 30 samples), one of the next, one too old.
        rollups.save(rollup(guest, at, 10, 1.0, 3.0, 30, 15));
        rollups.save(rollup(guest, at.plusSeconds(300), 30, 2.0, 4.0, 60, 0));
        rollups.save(rollup(guest, at.plusSeconds(step), 5, 0.25, 0.5, 0, 0));
        rollups.save(rollup(guest, at.minus(Duration.ofDays(31)), 5, 9.0, 9.0, 0, 0));

        JsonNode month = json("/console/guests/" + guest + "/charts/month");
        assertThat(month.get("step").asLong()).isEqualTo(step);
        long t0 = month.get("t0").asLong();
        int i = indexOf(month, t0, slot);
        int next = indexOf(month, t0, slot + step);
        assertThat(next).isEqualTo(i + 1);
        // Weighted by samples: (10 × 1 + 30 × 2) / 40 = 1.75; the max of the maxima.
        assertThat(month.get("cpu").get(i).asDouble()).isEqualTo(1.75);
        assertThat(month.get("cpuMax").get(i).asDouble()).isEqualTo(4.0);
        // 90 connections and 15 unanswered over 30 minutes.
        assertThat(month.get("smtp").get(i).asDouble()).isEqualTo(3.0);
        assertThat(month.get("fail").get(i).asDouble()).isEqualTo(0.5);
        assertThat(month.get("cpu").get(next).asDouble()).isEqualTo(0.25);
        // The 31-day-old bucket is left out.
        for (JsonNode v : month.get("cpu")) {
            assertThat(v.asDouble()).isNotEqualTo(9.0);
        }
        // The guest page loads uPlot and the chart script from the server, no inline script.
        String page = admin.get("/console/guests/" + guest).body();
        assertThat(page)
                .contains("/console/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")
                .contains("/console/assets/charts.js")
                .contains("data-span=\"month\"")
                .doesNotContainPattern("<script>[^<]");
        assertThat(admin.get("/console/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode())
                .isEqualTo(200);
    }

    private static int indexOf(JsonNode chart, long t0, long epoch) {
        JsonNode t = chart.get("t");
        for (int i = 0; i < t.size(); i++) {
            if (t0 + t.get(i).asLong() == epoch) {
                return i;
            }
        }
        throw new AssertionError("no point at " + epoch + " in " + t);
    }

    private static GuestRollup rollup(
            String guest, Instant at, int n, double cpu, double cpuMax, long smtp, long fail) {
        return new GuestRollup(
                UUID.randomUUID().toString(),
                guest,
                at,
                n,
                cpu,
                cpuMax,
                1e9,
                1e9,
                10.0,
                10.0,
                20.0,
                20.0,
                30.0,
                30.0,
                40.0,
                40.0,
                smtp,
                fail);
    }
}

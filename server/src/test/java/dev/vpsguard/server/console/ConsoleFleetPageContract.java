package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.TestPostgres;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fleet page at more hosts than one page holds: fleet-wide counts, pages of 50, problems first,
 * the other orders, the filters, and 4xx pages for parameters it does not know. On H2 and on
 * PostgreSQL (its counts and orders are SQL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleFleetPageContract {
    static final int HOSTS = 120;
    private static final Pattern NAME =
            Pattern.compile("<a href=\"/console/hosts/[^\"]+\">([^<]+)</a>");

    private TestServer server;
    private ConsoleClient admin;

    abstract boolean onPostgres();

    @BeforeAll
    void start() throws Exception {
        Map<String, Object> props = new HashMap<>(ConsoleClient.properties());
        if (onPostgres()) {
            props.putAll(TestPostgres.freshDatabase());
        }
        server = TestServer.start(props);
        seed();
        admin = new ConsoleClient(server);
        admin.firstLogin(ConsoleAccessTest.NEW_PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    /**
     * Hosts {@code h-000}..{@code h-119}, host i with i % 4 guests (the last of them stopped):
     * h-007 silent, h-050 never reported, h-090 stale, h-030 with an active block and a queued
     * request; the others reported 5 s ago.
     */
    private void seed() throws Exception {
        Instant now = server.clock().instant();
        try (Connection c = server.connection();
                PreparedStatement h =
                        c.prepareStatement(
                                "INSERT INTO hosts (id, name, last_seq, last_report_at,"
                                        + " created_at) VALUES (?, ?, 1, ?, ?)");
                PreparedStatement g =
                        c.prepareStatement(
                                "INSERT INTO guests (id, host_id, vmid, kind, status,"
                                        + " last_seen_at) VALUES (?, ?, ?, 'qemu', ?, ?)")) {
            for (int i = 0; i < HOSTS; i++) {
                String id = hostId(i);
                h.setString(1, id);
                h.setString(2, String.format("h-%03d", i));
                h.setTimestamp(
                        3,
                        i == 50
                                ? null
                                : Timestamp.from(now.minusSeconds(i == 90 || i == 7 ? 600 : 5)));
                h.setTimestamp(4, Timestamp.from(now.minusSeconds(3600)));
                h.executeUpdate();
                int guests = i % 4;
                for (int v = 0; v < guests; v++) {
                    g.setString(1, guestId(i, v));
                    g.setString(2, id);
                    g.setInt(3, 100 + v);
                    g.setString(4, v == guests - 1 && guests > 1 ? "stopped" : "running");
                    g.setTimestamp(5, Timestamp.from(now));
                    g.executeUpdate();
                }
            }
            try (PreparedStatement s =
                    c.prepareStatement(
                            "INSERT INTO host_silences (host_id, since, last_report_at)"
                                    + " VALUES (?, ?, ?)")) {
                s.setString(1, hostId(7));
                s.setTimestamp(2, Timestamp.from(now.minusSeconds(300)));
                s.setTimestamp(3, Timestamp.from(now.minusSeconds(600)));
                s.executeUpdate();
            }
            try (PreparedStatement b =
                    c.prepareStatement(
                            "INSERT INTO blocks (id, guest_id, seq, strike, started_at,"
                                    + " minimum_until, unblock_mode, clause, state,"
                                    + " findings_during) VALUES ('b30', ?, 1, 1, ?, ?,"
                                    + " 'request', 'S1', 'active', 0)")) {
                b.setString(1, guestId(30, 0));
                b.setTimestamp(2, Timestamp.from(now));
                b.setTimestamp(3, Timestamp.from(now.plusSeconds(3600)));
                b.executeUpdate();
            }
            try (PreparedStatement u =
                    c.prepareStatement(
                            "INSERT INTO unblock_requests (id, block_id, guest_id, seq, channel,"
                                    + " actor, created_at, outcome) VALUES ('u30', 'b30', ?, 1,"
                                    + " 'page', 'customer', ?, 'queued')")) {
                u.setString(1, guestId(30, 0));
                u.setTimestamp(2, Timestamp.from(now));
                u.executeUpdate();
            }
        }
    }

    private static String hostId(int i) {
        return String.format("00000000-0000-0000-0000-%012d", i);
    }

    private static String guestId(int host, int v) {
        return String.format("00000000-0000-0000-%04d-%012d", v + 1, host);
    }

    private List<String> names(String path) {
        HttpResponse<String> page = admin.get(path);
        assertThat(page.statusCode()).as(path).isEqualTo(200);
        List<String> out = new ArrayList<>();
        Matcher m = NAME.matcher(page.body());
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String count(String body, String id) {
        Matcher m =
                Pattern.compile("id=\"" + id + "\"[^>]*>(.*?)</dd>", Pattern.DOTALL).matcher(body);
        assertThat(m.find()).as(id).isTrue();
        return m.group(1).replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").strip();
    }

    @Test
    void theFleetIsCountedWholeAndListedFiftyHostsAPageProblemsFirst() {
        HttpResponse<String> first = admin.get("/console/fleet");
        assertThat(first.statusCode()).isEqualTo(200);
        String body = first.body();
        assertThat(count(body, "count-hosts")).isEqualTo("120");
        assertThat(count(body, "count-silent")).isEqualTo("1");
        // Silent, never reported, stale.
        assertThat(count(body, "count-attention")).isEqualTo("3");
        // 30 hosts of 1 guest, 30 of 2 and 30 of 3; the last of 2 or 3 stopped.
        assertThat(count(body, "count-guests")).isEqualTo("120 / 180");
        assertThat(count(body, "count-blocks")).isEqualTo("1 (1)");
        assertThat(count(body, "count-requests")).isEqualTo("1");
        assertThat(count(body, "count-awaiting")).isEqualTo("0");

        List<String> page1 = names("/console/fleet");
        assertThat(page1).hasSize(50);
        assertThat(page1.subList(0, 5))
                .containsExactly("h-007", "h-050", "h-090", "h-030", "h-000");
        assertThat(body).contains("id=\"next-page\"").doesNotContain("id=\"prev-page\"");
        List<String> page3 = names("/console/fleet?page=3");
        assertThat(page3).hasSize(20).endsWith("h-119");
        assertThat(admin.get("/console/fleet?page=3").body())
                .contains("id=\"prev-page\"")
                .doesNotContain("id=\"next-page\"");
        List<String> all = new ArrayList<>(page1);
        all.addAll(names("/console/fleet?page=2"));
        all.addAll(page3);
        assertThat(all).hasSize(HOSTS).doesNotHaveDuplicates();
    }

    @Test
    void eachRowCountsItsOwnGuests() {
        String body = admin.get("/console/fleet?q=h-003").body();
        assertThat(body)
                .contains("<span class=\"running\">2</span> / <span class=\"total\">3</span>");
    }

    @Test
    void otherOrdersAndFilters() {
        assertThat(names("/console/fleet?sort=name").subList(0, 3))
                .containsExactly("h-000", "h-001", "h-002");
        // Never reported first, then the oldest report.
        assertThat(names("/console/fleet?sort=age").subList(0, 3))
                .containsExactly("h-050", "h-007", "h-090");
        assertThat(names("/console/fleet?sort=guests").subList(0, 2))
                .containsExactly("h-003", "h-007");
        assertThat(names("/console/fleet?sort=blocks").get(0)).isEqualTo("h-030");
        assertThat(names("/console/fleet?show=silent")).containsExactly("h-007");
        assertThat(names("/console/fleet?show=attention"))
                .containsExactly("h-007", "h-050", "h-090");
        assertThat(names("/console/fleet?show=blocked")).containsExactly("h-030");
        assertThat(names("/console/fleet?show=requests")).containsExactly("h-030");
        assertThat(names("/console/fleet?q=H-11&sort=name"))
                .containsExactly(
                        "h-110", "h-111", "h-112", "h-113", "h-114", "h-115", "h-116", "h-117",
                        "h-118", "h-119");
        // LIKE's wildcards are taken literally.
        assertThat(names("/console/fleet?q=h_0")).isEmpty();
        assertThat(admin.get("/console/fleet?q=nothing-matches").body())
                .contains("No host matches.");
    }

    @Test
    void parametersItDoesNotKnowAnswerACleanPageNamingThem() {
        for (String[] c :
                new String[][] {
                    {"sort=size", "400", "sort"},
                    {"show=everything", "400", "show"},
                    {"page=0", "400", "page"},
                    {"page=two", "400", "page"},
                    {"page=99999999999", "400", "page"},
                    {"q=" + "x".repeat(201), "400", "q"},
                    {"page=4", "404", "page"}
                }) {
            HttpResponse<String> r = admin.get("/console/fleet?" + c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(r.body())
                    .as(c[0])
                    .contains("id=\"filter-error\"")
                    .contains("<code>" + c[2] + "</code>")
                    .contains("id=\"count-hosts\"");
        }
    }
}

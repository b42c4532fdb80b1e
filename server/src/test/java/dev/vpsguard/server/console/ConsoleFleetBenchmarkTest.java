package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestPostgres;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.testing.Await;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fleet page with 2,000 hosts and 100,000 guests (50 each), on H2 and on PostgreSQL: server
 * time of sequential requests on loopback after a warm-up, alone and while enrolled hosts report 50
 * guests every 5 s through the API (the ingest load); DOMContentLoaded in headless Chromium
 * (Navigation Timing) where Chromium is installed; the JavaScript and CSS the console ships,
 * gzip-compressed. Opt-in ({@code -Dvpsguard.bench=true}); one {@code CONSOLE-BENCHMARK} line per
 * figure on stdout; it asserts only that the page answers. Sizes: {@code -Dbench.hosts}, {@code
 * -Dbench.guests}, {@code -Dbench.loadHosts} (hosts reporting during the load), {@code
 * -Dbench.measured}.
 */
@EnabledIfSystemProperty(
        named = "vpsguard.bench",
        matches = "true",
        disabledReason = "benchmark: run with -Dvpsguard.bench=true")
// Seeding 100,000 guests and measuring the old page takes longer than the suite's 5 minutes.
@Timeout(value = 40, unit = TimeUnit.MINUTES)
public class ConsoleFleetBenchmarkTest {
    static final int HOSTS = Integer.getInteger("bench.hosts", 2_000);
    static final int GUESTS_PER_HOST = Integer.getInteger("bench.guests", 50);
    static final int LOAD_HOSTS = Integer.getInteger("bench.loadHosts", 50);
    static final int WARMUP = 5;
    static final int MEASURED = Integer.getInteger("bench.measured", 40);
    static final List<String> PAGES =
            List.of("/console/fleet", "/console/fleet?sort=guests", "/console/fleet?q=pve-19");
    static final Pattern ASSET =
            Pattern.compile("<(?:script[^>]*\\ssrc|link[^>]*\\shref)=\"(/console/[^\"]+)\"");

    @Test
    void onH2() throws Exception {
        try (TestServer server = TestServer.start(ConsoleClient.properties())) {
            run("H2", server);
        }
    }

    @Test
    void onPostgres() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            Map<String, Object> props = new HashMap<>(TestPostgres.properties(postgres));
            props.putAll(ConsoleClient.properties());
            try (TestServer server = TestServer.start(props)) {
                run("PostgreSQL", server);
            }
        }
    }

    private static void run(String db, TestServer server) throws Exception {
        long t0 = System.nanoTime();
        seed(server);
        print(
                db + " seeded",
                HOSTS
                        + " hosts x "
                        + GUESTS_PER_HOST
                        + " guests in "
                        + (System.nanoTime() - t0) / 1_000_000
                        + " ms");
        ConsoleClient admin = new ConsoleClient(server);
        admin.firstLogin(ConsoleAccessTest.NEW_PASSWORD);
        HttpResponse<String> page = admin.get("/console/fleet");
        assertThat(page.statusCode()).isEqualTo(200);
        print(db + " fleet page HTML", page.body().length() + " bytes, gzip " + gzip(page.body()));
        for (String p : PAGES) {
            measure(db + " alone " + p, admin, p);
        }
        try (IngestLoad load = IngestLoad.start(server, LOAD_HOSTS, GUESTS_PER_HOST)) {
            // Two rounds of reports first: the load is steady before the page is measured.
            Await.until(
                    "two reports from each of " + LOAD_HOSTS + " loading hosts",
                    Duration.ofMinutes(2),
                    () -> load.sent() >= 2 * LOAD_HOSTS);
            for (String p : PAGES) {
                measure(db + " during ingest (" + LOAD_HOSTS + " hosts every 5 s) " + p, admin, p);
            }
            print(db + " ingest during the measurement", load.summary());
        }
        if (db.equals("H2")) {
            assets(server, admin);
            browser(server);
        }
    }

    private static void measure(String what, ConsoleClient admin, String path) throws IOException {
        for (int i = 0; i < WARMUP; i++) {
            admin.get(path);
        }
        String loadStart = loadAverage();
        long[] ms = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long t0 = System.nanoTime();
            assertThat(admin.get(path).statusCode()).isEqualTo(200);
            ms[i] = System.nanoTime() - t0;
        }
        report(what + " [load " + loadStart + " -> " + loadAverage() + "]", ms);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * {@code HOSTS} hosts of {@code GUESTS_PER_HOST} guests each, rows as a real report writes them
     * (copied from one); every 50th host stale, every 20th with one blocked guest, every 100th with
     * a queued unblock request.
     */
    public static void seed(TestServer server) throws Exception {
        Agents.Enrolled real = Agents.enroll(server, "pve-real");
        Instant now = server.clock().instant();
        List<GuestSample> guests = new ArrayList<>();
        for (int v = 0; v < GUESTS_PER_HOST; v++) {
            guests.add(Agents.guest(100 + v, 0.5, 0, now));
        }
        HttpResponse<String> r =
                server.postJson(
                        "/api/v1/reports",
                        real.credential(),
                        ProtocolJson.write(Agents.report(real.hostId(), 1, now, guests)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String nics = server.queryString("SELECT MAX(nics) FROM guests");
        String sample = server.queryString("SELECT MAX(last_sample) FROM guests");
        try (Connection c = server.connection();
                PreparedStatement h =
                        c.prepareStatement(
                                "INSERT INTO hosts (id, name, credential_hash, last_seq,"
                                        + " last_report_at, created_at) VALUES (?, ?, ?, 1, ?, ?)");
                PreparedStatement g =
                        c.prepareStatement(
                                "INSERT INTO guests (id, host_id, vmid, kind, name, status, cores,"
                                        + " memory_bytes, nics, last_sample, last_seen_at) VALUES"
                                        + " (?, ?, ?, 'qemu', ?, ?, 2, 2147483648, ?, ?, ?)");
                PreparedStatement b =
                        c.prepareStatement(
                                "INSERT INTO blocks (id, guest_id, seq, strike, started_at,"
                                        + " minimum_until, unblock_mode, clause, state,"
                                        + " findings_during) VALUES (?, ?, 1, 1, ?, ?,"
                                        + " 'request', 'S1', 'active', 0)");
                PreparedStatement u =
                        c.prepareStatement(
                                "INSERT INTO unblock_requests (id, block_id, guest_id, seq,"
                                        + " channel, actor, created_at, outcome) VALUES"
                                        + " (?, ?, ?, 1, 'page', 'customer', ?, 'queued')")) {
            c.setAutoCommit(false);
            for (int i = 1; i < HOSTS; i++) {
                String id = UUID.randomUUID().toString();
                // A few hosts stale (10 minutes without a report), the rest reporting.
                Timestamp at = Timestamp.from(now.minusSeconds(i % 50 == 0 ? 600 : 5));
                h.setString(1, id);
                h.setString(2, String.format("pve-%04d", i));
                h.setString(3, UUID.randomUUID().toString().replace("-", ""));
                h.setTimestamp(4, at);
                h.setTimestamp(5, at);
                h.addBatch();
                for (int v = 0; v < GUESTS_PER_HOST; v++) {
                    String guest = UUID.randomUUID().toString();
                    g.setString(1, guest);
                    g.setString(2, id);
                    g.setInt(3, 100 + v);
                    g.setString(4, "vm" + (100 + v) + "-" + i);
                    g.setString(5, v % 10 == 9 ? "stopped" : "running");
                    g.setString(6, nics);
                    g.setString(7, sample);
                    g.setTimestamp(8, at);
                    g.addBatch();
                    if (v == 0 && i % 20 == 0) {
                        String block = String.format("b%015d", i);
                        b.setString(1, block);
                        b.setString(2, guest);
                        b.setTimestamp(3, at);
                        b.setTimestamp(4, Timestamp.from(now.plusSeconds(3600)));
                        b.addBatch();
                        if (i % 100 == 0) {
                            u.setString(1, UUID.randomUUID().toString());
                            u.setString(2, block);
                            u.setString(3, guest);
                            u.setTimestamp(4, at);
                            u.addBatch();
                        }
                    }
                }
                if (i % 100 == 0) {
                    h.executeBatch();
                    g.executeBatch();
                    b.executeBatch();
                    u.executeBatch();
                }
            }
            h.executeBatch();
            g.executeBatch();
            b.executeBatch();
            u.executeBatch();
            c.commit();
        }
        try (Connection c = server.connection();
                java.sql.Statement st = c.createStatement()) {
            if (c.getMetaData().getDatabaseProductName().contains("PostgreSQL")) {
                // What autovacuum does after a bulk insert; the rows stay as ingest left them.
                st.execute("ANALYZE");
            }
        }
        assertThat(server.queryLong("SELECT COUNT(*) FROM hosts")).isEqualTo(HOSTS);
        assertThat(server.queryLong("SELECT COUNT(*) FROM guests"))
                .isEqualTo((long) HOSTS * GUESTS_PER_HOST);
    }

    /** Every script and stylesheet any console page links, each gzip-compressed, summed. */
    private static void assets(TestServer server, ConsoleClient admin) throws IOException {
        TreeSet<String> urls = new TreeSet<>();
        List<String> pages = new ArrayList<>(List.of("/console/login", "/console/fleet"));
        pages.addAll(ConsoleRoutes.pages(server, java.util.Map.of("*", "x")));
        for (String p : pages) {
            Matcher m = ASSET.matcher(admin.get(p).body());
            while (m.find()) {
                urls.add(m.group(1));
            }
        }
        long raw = 0;
        long gz = 0;
        for (String u : urls) {
            HttpResponse<String> a = admin.get(u);
            assertThat(a.statusCode()).as(u).isEqualTo(200);
            int size = a.body().getBytes(StandardCharsets.UTF_8).length;
            int zipped = gzip(a.body());
            print("asset " + u, size + " bytes, gzip " + zipped);
            raw += size;
            gz += zipped;
        }
        print("console JS+CSS total", raw + " bytes, gzip " + gz + " bytes");
    }

    private static void browser(TestServer server) throws IOException {
        if (!Chromium.CHROMIUM.canExecute()) {
            print("DOMContentLoaded", "skipped: no /usr/bin/chromium");
            return;
        }
        try (Chromium chromium = Chromium.start()) {
            chromium.driver.get(server.uri("/console/login").toString());
            chromium.driver.findElement(org.openqa.selenium.By.id("username")).sendKeys("admin");
            chromium.driver
                    .findElement(org.openqa.selenium.By.id("password"))
                    .sendKeys(ConsoleAccessTest.NEW_PASSWORD);
            chromium.driver.findElement(org.openqa.selenium.By.id("login")).click();
            long[] dcl = new long[15];
            for (int i = -3; i < dcl.length; i++) {
                chromium.driver.get(server.uri("/console/fleet").toString());
                chromium.awaitLoaded();
                Object ms =
                        chromium.script(
                                "const n = performance.getEntriesByType('navigation')[0];"
                                        + " return Math.round(n.domContentLoadedEventEnd"
                                        + " - n.startTime);");
                if (i >= 0) {
                    dcl[i] = ((Number) ms).longValue() * 1_000_000L;
                }
            }
            report("H2 DOMContentLoaded in Chromium", dcl);
        }
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        print(
                what,
                String.format(
                        "n=%d p50=%.1f ms p95=%.1f ms max=%.1f ms",
                        s.length,
                        s[s.length / 2] / 1e6,
                        s[(int) Math.ceil(s.length * 0.95) - 1] / 1e6,
                        s[s.length - 1] / 1e6));
    }

    private static int gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.size();
    }

    private static void print(String what, String value) {
        System.out.println("CONSOLE-BENCHMARK " + what + ": " + value);
    }
}

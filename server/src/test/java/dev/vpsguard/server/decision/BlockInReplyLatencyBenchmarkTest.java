package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.RecentDistinct;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long the report that crosses a spam threshold takes to come back with the new block in its
 * own reply, against a running server on the default H2 file database: one host of {@value #GUESTS}
 * guests reporting 5-second windows; in each episode one guest's bot sends two storm windows (the
 * hysteresis needs two), and the second report's reply must carry the guest's {@code smtp_block}.
 * The round trip of that report (HTTP post to parsed reply, on loopback) is timed, as are a quiet
 * report and the first storm report of the same size for comparison. Opt-in: {@code
 * -Dvpsguard.bench=true}; prints a {@code BENCHMARK block-in-reply:} line.
 */
@EnabledIfSystemProperty(
        named = "vpsguard.bench",
        matches = "true",
        disabledReason = "a benchmark: run with -Dvpsguard.bench=true")
class BlockInReplyLatencyBenchmarkTest {
    static final int GUESTS = 150;
    static final int WARMUP = 30;
    static final int MEASURED = GUESTS - WARMUP;
    static final int FIRST_VMID = 100; // the fixtures give guest v the address 192.0.2.v

    @TempDir Path dir;

    @Test
    void theReportThatCrossesTheThresholdCarriesTheBlockInItsReply() {
        Map<String, Object> db = TestServer.h2File(dir);
        try (TestServer server = TestServer.start(db)) {
            LadderDriver agent = LadderDriver.enroll(server);
            agent.report(windows(server.clock().instant().plusSeconds(5), -1));
            long[] quiet = new long[MEASURED];
            long[] first = new long[MEASURED];
            long[] crossing = new long[MEASURED];
            for (int i = 0; i < GUESTS; i++) {
                int vmid = FIRST_VMID + i;
                long q =
                        timed(
                                agent,
                                windows(server.clock().instant().plusSeconds(5), -1),
                                vmid,
                                false);
                long f =
                        timed(
                                agent,
                                windows(server.clock().instant().plusSeconds(5), vmid),
                                vmid,
                                false);
                long c =
                        timed(
                                agent,
                                windows(server.clock().instant().plusSeconds(5), vmid),
                                vmid,
                                true);
                if (i >= WARMUP) {
                    quiet[i - WARMUP] = q;
                    first[i - WARMUP] = f;
                    crossing[i - WARMUP] = c;
                }
            }
            assertThat(agent.get("/api/v1/blocks?state=active")).hasSize(GUESTS);
            String line =
                    String.format(
                            Locale.ROOT,
                            "BENCHMARK block-in-reply: %d guests/report, %d episodes;"
                                    + " crossing report (block in reply) %s;"
                                    + " first storm report %s; quiet report %s",
                            GUESTS,
                            MEASURED,
                            stats(crossing),
                            stats(first),
                            stats(quiet));
            System.out.println(line);
        }
    }

    /**
     * Posts one report and returns its round trip in microseconds; checks that {@code vmid}'s block
     * is in the reply exactly when {@code blocked}.
     */
    private static long timed(
            LadderDriver agent, Map<Integer, SmtpWindow> windows, int vmid, boolean blocked) {
        long t0 = System.nanoTime();
        JsonNode reply = agent.report(windows);
        long micros = (System.nanoTime() - t0) / 1000;
        assertThat(LadderDriver.smtpBlock(reply, vmid) != null)
                .as("block of %d in the reply", vmid)
                .isEqualTo(blocked);
        return micros;
    }

    /**
     * The host's windows ending at {@code end}: every guest quiet, except {@code storming}, whose
     * bot sends 120 connections to 100 new addresses in 5 s (past the burst and fan-out
     * thresholds).
     */
    private static Map<Integer, SmtpWindow> windows(Instant end, int storming) {
        Instant start = end.minusSeconds(5);
        Map<Integer, SmtpWindow> out = new HashMap<>();
        for (int i = 0; i < GUESTS; i++) {
            int vmid = FIRST_VMID + i;
            out.put(
                    vmid,
                    vmid == storming
                            ? new SmtpWindow(
                                    start,
                                    end,
                                    120,
                                    100,
                                    90,
                                    30,
                                    20,
                                    70,
                                    null,
                                    new RecentDistinct(end.minusSeconds(600), 200, 180))
                            : new SmtpWindow(start, end, 0, 0, 0, 0, 0, 0, null));
        }
        return out;
    }

    private static String stats(long[] micros) {
        long[] s = micros.clone();
        Arrays.sort(s);
        List<String> parts = new ArrayList<>();
        parts.add("p50 " + ms(s[s.length / 2]));
        parts.add("p95 " + ms(s[(int) Math.ceil(s.length * 0.95) - 1]));
        parts.add("max " + ms(s[s.length - 1]));
        return String.join(", ", parts);
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}

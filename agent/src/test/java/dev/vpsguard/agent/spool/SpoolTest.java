package dev.vpsguard.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.agent.metrics.AgentMetrics;
import io.prometheus.client.CollectorRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir Path dir;
    private final CollectorRegistry registry = new CollectorRegistry();
    private final AgentMetrics metrics = new AgentMetrics(registry);

    private Spool open(long maxBytes, int maxRejected) throws IOException {
        return new Spool(dir, maxBytes, maxRejected, metrics);
    }

    private static byte[] gzip(String text) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void namesAreTwentyDigitsZeroPadded() {
        for (long seq : new long[] {0, 1, 42, 1_000_000_007L, Long.MAX_VALUE}) {
            assertThat(Spool.name(seq)).isEqualTo(String.format("%020d.json.gz", seq));
        }
    }

    @Test
    void filesAreNamedByZeroPaddedSeqAndSurviveReopening() throws Exception {
        Spool s = open(1000, 5);
        byte[] nine = gzip("{\"seq\":9}");
        byte[] ten = gzip("{\"seq\":10}");
        s.append(9, nine);
        s.append(10, ten);
        assertThat(dir.resolve("00000000000000000009.json.gz")).hasBinaryContent(nine);
        Spool again = open(1000, 5);
        assertThat(again.oldest()).contains(9L);
        assertThat(again.newest()).contains(10L);
        assertThat(again.bytes()).isEqualTo(nine.length + ten.length);
        assertThat(again.read(10)).isEqualTo(ten);
    }

    @Test
    void syncFsyncsOnlyWhenAReportAppendedIsStillThere() throws Exception {
        Spool s = open(1000, 5);
        s.append(1, gzip("one"));
        s.remove(1); // taken by the server within its cycle
        s.sync();
        assertThat(registry.getSampleValue("vpsguard_agent_spool_syncs_total")).isZero();
        s.append(2, gzip("two"));
        s.append(3, gzip("three"));
        s.sync(); // not taken: both made durable in one go
        s.sync(); // nothing new
        assertThat(registry.getSampleValue("vpsguard_agent_spool_syncs_total")).isEqualTo(1.0);
        assertThat(open(1000, 5).read(3)).isEqualTo(gzip("three"));
    }

    @Test
    void aReportDamagedBeforeItWasSyncedIsRefusedOnReadAfterReopening() throws Exception {
        Spool s = open(1000, 5);
        byte[] whole = gzip("{\"seq\":4,\"guests\":[]}");
        s.append(4, whole);
        s.append(5, new byte[0]);
        // A power cut kept only the first half of seq 4 and an empty seq 5.
        Files.write(dir.resolve("00000000000000000004.json.gz"), Arrays.copyOf(whole, 12));
        Spool again = open(1000, 5);
        assertThatThrownBy(() -> again.read(4))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a whole gzip stream");
        assertThatThrownBy(() -> again.read(5)).hasMessageContaining("empty file");
    }

    @Test
    void appendDropsOldestUntilTheNewReportFits() throws Exception {
        Spool s = open(100, 5);
        for (int seq = 1; seq <= 4; seq++) {
            s.append(seq, new byte[30]);
        }
        assertThat(s.oldest()).contains(2L);
        assertThat(s.depth()).isEqualTo(3);
        assertThat(s.bytes()).isEqualTo(90);
        assertThat(registry.getSampleValue("vpsguard_agent_spool_dropped_reports_total"))
                .isEqualTo(1.0);
        assertThat(dir.resolve("00000000000000000001.json.gz")).doesNotExist();
    }

    @Test
    void seqMustRise() throws Exception {
        Spool s = open(100, 5);
        s.append(5, new byte[1]);
        assertThatThrownBy(() -> s.append(5, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectedReportsKeepOnlyTheNewestFew() throws Exception {
        Spool s = open(10_000, 2);
        for (int seq = 1; seq <= 4; seq++) {
            s.append(seq, new byte[5]);
            s.reject(seq);
        }
        try (Stream<Path> files = Files.list(s.rejectedDir())) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly(
                            "00000000000000000003.json.gz", "00000000000000000004.json.gz");
        }
        assertThat(s.depth()).isZero();
        assertThat(registry.getSampleValue("vpsguard_agent_spool_reports")).isZero();
        assertThat(registry.getSampleValue("vpsguard_agent_rejected_reports_pruned_total"))
                .isEqualTo(2);
    }

    @Test
    void withNoRoomForRefusedReportsRejectSaysItKeptNothing() throws Exception {
        Spool s = open(10_000, 0);
        s.append(1, new byte[5]);
        assertThat(s.reject(1)).isFalse();
        assertThat(s.depth()).isZero();
        assertThat(s.rejectedDir()).doesNotExist();
        Spool keeping = open(10_000, 1);
        keeping.append(2, new byte[5]);
        assertThat(keeping.reject(2)).isTrue();
    }

    @Test
    void leftoverTemporaryFilesFromACrashAreDiscarded() throws Exception {
        Files.write(dir.resolve(".tmp-00000000000000000007.json.gz"), new byte[3]);
        Files.write(dir.resolve("00000000000000000006.json.gz"), new byte[4]);
        Spool s = open(1000, 5);
        assertThat(s.depth()).isEqualTo(1);
        assertThat(dir.resolve(".tmp-00000000000000000007.json.gz")).doesNotExist();
        assertThat(registry.getSampleValue("vpsguard_agent_spool_bytes")).isEqualTo(4.0);
    }
}

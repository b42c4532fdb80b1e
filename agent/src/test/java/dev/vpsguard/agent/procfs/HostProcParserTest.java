package dev.vpsguard.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostProcParserTest {
    private static List<String> capture(String name) throws IOException {
        try (InputStream in =
                HostProcParserTest.class.getResourceAsStream("/procfs/host/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void readsTheAggregateCpuTicksAndCountsTheCpusOfARealStat() throws IOException {
        var t = HostProcParser.cpuTicks(capture("stat-debian12.txt"));
        assertThat(t.cpus()).isEqualTo(2);
        assertThat(t.ticks()).containsExactly(2204976, 2122, 253737, 3080556, 6396, 0, 7492, 4645);
    }

    @Test
    void busyShareCountsIdleAndIowaitAsNotBusy() {
        var before = HostProcParser.cpuTicks(List.of("cpu  100 0 100 700 100 0 0 0 0 0"));
        var after = HostProcParser.cpuTicks(List.of("cpu  200 0 200 1200 200 0 0 0 0 0"));
        // 800 ticks passed: 200 busy (user, system), 600 idle or iowait.
        assertThat(after.busySince(before)).isEqualTo(0.25);
        assertThat(after.busySince(null)).isNaN();
        assertThat(after.busySince(after)).isNaN();
    }

    @Test
    void garbageCpuLineGivesNoTicks() {
        assertThat(HostProcParser.cpuTicks(List.of("cpu  1 2 x 4 5 6 7 8")).ticks()).isNull();
        assertThat(HostProcParser.cpuTicks(List.of()).cpus()).isZero();
    }

    @Test
    void readsTheLoadAveragesOfARealLoadavg() throws IOException {
        assertThat(HostProcParser.loadAverages(capture("loadavg-debian12.txt")))
                .containsExactly(9.73, 8.64, 4.90);
        assertThat(HostProcParser.loadAverages(List.of("1.0 nan")))
                .containsExactly(1.0, null, null);
    }

    @Test
    void readsMemoryAndSwapOfARealMeminfoInBytes() throws IOException {
        var m = HostProcParser.memInfo(capture("meminfo-debian12.txt"));
        assertThat(m.total()).isEqualTo(24683584L * 1024);
        assertThat(m.available()).isEqualTo(22622336L * 1024);
        assertThat(m.swapTotal()).isZero();
        assertThat(m.swapFree()).isZero();
        assertThat(HostProcParser.memInfo(List.of("MemTotal: lots kB")).total()).isNull();
    }

    @Test
    void readsARealMountsTableAndUndoesTheKernelsOctalEscapes() throws IOException {
        var mounts = HostProcParser.mounts(capture("mounts-debian12.txt"));
        assertThat(mounts).contains(new HostProcParser.Mount("/dev/vda", "/", "ext4"));
        assertThat(mounts).contains(new HostProcParser.Mount("proc", "/proc", "proc"));
        assertThat(HostProcParser.mounts(List.of("/dev/sdb1 /mnt/my\\040disk ext4 rw 0 0")))
                .containsExactly(new HostProcParser.Mount("/dev/sdb1", "/mnt/my disk", "ext4"));
        assertThat(HostProcParser.unescape("a\\134b\\01")).isEqualTo("a\\b\\01");
    }
}

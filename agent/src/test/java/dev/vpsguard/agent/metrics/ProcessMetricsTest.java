package dev.vpsguard.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessMetricsTest {
    /** {@code stat}, {@code status}, {@code limits} of a real JVM (vpsguard's server), captured. */
    private static final Path CAPTURE = Path.of("src/test/resources/procfs/self-java");

    @Test
    void readsACapturedJvmProcess() {
        List<MetricFamilySamples> out =
                new ProcessMetrics(CAPTURE, Runtime.getRuntime(), 1_764_000_000.0).collect();

        assertThat(value(out, "process_cpu_seconds_total")).isEqualTo((5195 + 423) / 100.0);
        assertThat(value(out, "process_resident_memory_bytes")).isEqualTo(708_688 * 1024.0);
        assertThat(value(out, "process_virtual_memory_bytes")).isEqualTo(8_992_992 * 1024.0);
        assertThat(value(out, "process_max_fds")).isEqualTo(20_000.0);
        assertThat(value(out, "process_open_fds")).isEqualTo(3.0);
        assertThat(value(out, "process_start_time_seconds")).isEqualTo(1_764_000_000.0);
        assertThat(value(out, "jvm_memory_bytes_used")).isPositive();
        assertThat(value(out, "jvm_info")).isEqualTo(1.0);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        assertThat(
                        ProcessMetrics.cpuSeconds(
                                "7 (a b) c)) S 1 7 7 0 -1 4194304 10 0 0 0 250 50 0 0 20 0 1 0 99"))
                .isEqualTo(3.0);
        assertThat(ProcessMetrics.cpuSeconds("garbage")).isNull();
        assertThat(ProcessMetrics.maxOpenFiles("Max open files  unlimited  unlimited  files"))
                .isNull();
    }

    @Test
    void unreadableFilesLeaveTheirSeriesOut() {
        List<MetricFamilySamples> out =
                new ProcessMetrics(Path.of("/nonexistent"), Runtime.getRuntime(), Double.NaN)
                        .collect();
        assertThat(out)
                .extracting(f -> f.name)
                .doesNotContain(
                        "process_cpu_seconds",
                        "process_resident_memory_bytes",
                        "process_start_time_seconds")
                .contains("jvm_memory_bytes_used", "jvm_info");
    }

    @Test
    void thisProcessHasCpuAndMemory() {
        List<MetricFamilySamples> out = new ProcessMetrics().collect();
        assertThat(value(out, "process_cpu_seconds_total")).isPositive();
        assertThat(value(out, "process_resident_memory_bytes")).isGreaterThan(1e6);
        assertThat(value(out, "process_open_fds")).isPositive();
    }

    @Test
    void openDescriptorsAgreeWithTheListing() throws Exception {
        // Whether counted from the directory's size (Linux 6.2+) or by listing it.
        double counted = value(new ProcessMetrics().collect(), "process_open_fds");
        long listed;
        try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            listed = fds.count(); // includes the listing's own descriptor
        }
        assertThat(counted).isBetween(listed - 3.0, listed + 3.0);
    }

    private static Double value(List<MetricFamilySamples> out, String sample) {
        for (MetricFamilySamples f : out) {
            for (Sample s : f.samples) {
                if (s.name.equals(sample)) {
                    return s.value;
                }
            }
        }
        return null;
    }
}

package dev.vpsguard.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.FilesystemSample;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.NicSample;
import dev.vpsguard.testing.Await;
import dev.vpsguard.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcHostSamplerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir Path root;

    private void write(String file, String text) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static final String NET_DEV =
            "Inter-|   Receive                                                |  Transmit\n"
                    + " face |bytes    packets errs drop fifo frame compressed multicast|bytes   "
                    + " packets errs drop fifo colls carrier compressed\n";

    private static String nic(String name, long rx, long tx) {
        return String.format(
                "%6s: %d %d 0 0 0 0 0 0 %d %d 0 0 0 0 0 0%n", name, rx, rx / 100, tx, tx / 100);
    }

    @Test
    void readsThisMachineAndGivesCpuPercentFromTheSecondCallOn() throws IOException {
        var sampler = new ProcHostSampler(Path.of("/"), clock);
        String ticks = cpuLine();
        HostSample first = sampler.sample();
        assertThat(first.cpuPercent()).isNull();
        assertThat(first.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(first.memoryTotalBytes()).isPositive();
        assertThat(first.load1()).isNotNull();
        assertThat(first.filesystems()).extracting(FilesystemSample::mount).contains("/");
        assertThat(first.nics()).extracting(NicSample::name).doesNotContain("lo");
        clock.advance(Duration.ofSeconds(5));
        // The kernel counts CPU time in 10 ms ticks: read again once its counters have moved.
        Await.until(
                "/proc/stat's cpu line to advance",
                Duration.ofSeconds(5),
                () -> !ticks.equals(cpuLine()));
        HostSample second = sampler.sample();
        assertThat(second.cpuPercent()).isBetween(0.0, 100.0);
    }

    @Test
    void computesCpuMemoryAndNicRatesFromTheFilesAndLeavesGuestInterfacesOut() throws IOException {
        write("proc/stat", "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 1 1 1 1 0 0 0 0 0\n");
        write("proc/loadavg", "0.50 0.25 0.10 1/100 42\n");
        write(
                "proc/meminfo",
                "MemTotal: 1000 kB\nMemAvailable: 250 kB\nSwapTotal: 100 kB\nSwapFree: 40 kB\n");
        write("proc/self/mounts", "/dev/vda / ext4 rw 0 0\ntmpfs /run tmpfs rw 0 0\n");
        write(
                "proc/net/dev",
                NET_DEV + nic("lo", 9, 9) + nic("vmbr0", 1000, 2000) + nic("tap101i0", 5, 5));
        var sampler = new ProcHostSampler(root, clock);
        HostSample first = sampler.sample();
        assertThat(first.cpuCount()).isEqualTo(1);
        assertThat(first.load5()).isEqualTo(0.25);
        assertThat(first.memoryTotalBytes()).isEqualTo(1_024_000L);
        assertThat(first.memoryUsedBytes()).isEqualTo(768_000L);
        assertThat(first.swapUsedBytes()).isEqualTo(61_440L);
        assertThat(first.filesystems()).extracting(FilesystemSample::mount).containsExactly("/");
        assertThat(first.nics()).extracting(NicSample::name).containsExactly("vmbr0");
        assertThat(first.nics().get(0).rxBytesPerSec()).isNull();

        write("proc/stat", "cpu  200 0 200 1200 200 0 0 0 0 0\ncpu0 1 1 1 1 1 0 0 0 0 0\n");
        write("proc/net/dev", NET_DEV + nic("vmbr0", 6000, 2500));
        clock.advance(Duration.ofSeconds(5));
        HostSample second = sampler.sample();
        assertThat(second.cpuPercent()).isEqualTo(25.0);
        assertThat(second.nics().get(0).rxBytesPerSec()).isEqualTo(1000.0);
        assertThat(second.nics().get(0).txBytesPerSec()).isEqualTo(100.0);
    }

    @Test
    void aMissingFileLeavesItsFamilyUnmeasuredAndTheOthersIntact() throws IOException {
        write("proc/loadavg", "0.50 0.25 0.10 1/100 42\n");
        HostSample s = new ProcHostSampler(root, clock).sample();
        assertThat(s.load1()).isEqualTo(0.5);
        assertThat(s.cpuCount()).isNull();
        assertThat(s.memoryTotalBytes()).isNull();
        assertThat(s.filesystems()).isEmpty();
        assertThat(s.nics()).isEmpty();
    }

    private static String cpuLine() {
        try {
            return Files.readAllLines(Path.of("/proc/stat")).get(0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

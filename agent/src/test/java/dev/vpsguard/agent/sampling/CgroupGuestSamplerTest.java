package dev.vpsguard.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vpsguard.agent.inventory.Fixtures;
import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.agent.inventory.ProxmoxInventory;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class CgroupGuestSamplerTest {
    @TempDir Path tmp;
    private Path root;
    private MutableClock clock;
    private CgroupGuestSampler sampler;
    private List<Guest> guests;

    @BeforeEach
    void setUp() throws IOException {
        root = Fixtures.copyPveHost(tmp);
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        sampler = new CgroupGuestSampler(root, clock);
        guests = new ProxmoxInventory(root).load();
    }

    private GuestUsage usageOf(List<GuestSample> samples, int vmid) {
        return samples.stream().filter(s -> s.vmid() == vmid).findFirst().orElseThrow().usage();
    }

    private void write(String relative, String content) throws IOException {
        Files.writeString(root.resolve(relative), content);
    }

    private void addToCounter(String relative, long delta) throws IOException {
        long v = Long.parseLong(Files.readString(root.resolve(relative)).strip());
        write(relative, (v + delta) + "\n");
    }

    @Test
    void firstCycleGivesMemoryForRunningGuestsAndNoRates() {
        List<GuestSample> samples = sampler.sample(guests);
        assertThat(samples)
                .extracting(GuestSample::vmid)
                .containsExactly(100, 101, 102, 103, 200, 201, 202);
        GuestUsage vm = usageOf(samples, 100);
        assertThat(vm.memoryUsedBytes()).isEqualTo(2241396736L - 156491776L);
        assertThat(vm.memoryLimitBytes()).isNull(); // memory.max is "max"
        assertThat(vm.cpuCores()).isNull();
        assertThat(vm.netTxBytesPerSec()).isNull();
        assertThat(usageOf(samples, 200).memoryLimitBytes()).isEqualTo(1073741824L);
    }

    @Test
    void memoryMaxIsReadAgainOnceAMinuteOrAtOnceWhenTheGuestsConfigChanges() throws IOException {
        String max = "sys/fs/cgroup/lxc/200/memory.max";
        assertThat(usageOf(sampler.sample(guests), 200).memoryLimitBytes()).isEqualTo(1073741824L);
        write(max, "2147483648\n");
        // The same config: the limit read first stands until a minute of readings has passed.
        for (int i = 1; i < GuestCounterReader.MEMORY_MAX_EVERY; i++) {
            clock.advance(Duration.ofSeconds(5));
            assertThat(usageOf(sampler.sample(guests), 200).memoryLimitBytes())
                    .isEqualTo(1073741824L);
        }
        clock.advance(Duration.ofSeconds(5));
        assertThat(usageOf(sampler.sample(guests), 200).memoryLimitBytes()).isEqualTo(2147483648L);

        write(max, "536870912\n");
        List<Guest> resized =
                guests.stream()
                        .map(
                                g ->
                                        g.vmid() != 200
                                                ? g
                                                : new Guest(
                                                        g.vmid(),
                                                        g.kind(),
                                                        g.name(),
                                                        g.running(),
                                                        g.cores(),
                                                        536870912L,
                                                        g.nics()))
                        .toList();
        clock.advance(Duration.ofSeconds(5));
        assertThat(usageOf(sampler.sample(resized), 200).memoryLimitBytes()).isEqualTo(536870912L);
    }

    @Test
    void stoppedGuestsAreReportedStoppedWithoutUsage() {
        List<GuestSample> samples = sampler.sample(guests);
        assertThat(samples)
                .filteredOn(s -> s.vmid() == 103 || s.vmid() == 202)
                .allSatisfy(
                        s -> {
                            assertThat(s.status()).isEqualTo(GuestStatus.STOPPED);
                            assertThat(s.usage()).isNull();
                        });
        assertThat(samples.get(0).status()).isEqualTo(GuestStatus.RUNNING);
        assertThat(samples.get(0).cores()).isEqualTo(2);
        assertThat(samples.get(0).nics()).hasSize(3);
    }

    @Test
    void secondCycleGivesRatesFromTheFakeClock() throws IOException {
        sampler.sample(guests);
        clock.advance(Duration.ofSeconds(5));
        String cg = "sys/fs/cgroup/qemu.slice/100.scope/";
        write(
                cg + "cpu.stat",
                "usage_usec " + (8123456789L + 10_000_000L) + "\nuser_usec 1\nsystem_usec 1\n");
        write(
                cg + "io.stat",
                "8:0 rbytes=1163264 wbytes=0 rios=42 wios=0 dbytes=0 dios=0\n"
                        + "253:5 rbytes="
                        + (4813033472L + 5_000_000)
                        + " wbytes="
                        + (9663447040L + 2_500_000)
                        + " rios="
                        + (160211 + 500)
                        + " wios="
                        + (1203442 + 250)
                        + " dbytes=0 dios=0\n");
        addToCounter("sys/class/net/tap100i0/statistics/rx_bytes", 5_000);
        addToCounter("sys/class/net/tap100i2/statistics/rx_bytes", 5_000);
        addToCounter("sys/class/net/tap100i1/statistics/tx_bytes", 20_000);
        addToCounter("sys/class/net/tap100i0/statistics/rx_packets", 50);
        addToCounter("sys/class/net/tap100i0/statistics/tx_packets", 100);

        GuestUsage u = usageOf(sampler.sample(guests), 100);
        assertThat(u.cpuCores()).isCloseTo(2.0, within(1e-9));
        assertThat(u.diskReadBytesPerSec()).isEqualTo(1_000_000.0);
        assertThat(u.diskWriteBytesPerSec()).isEqualTo(500_000.0);
        assertThat(u.diskReadOpsPerSec()).isEqualTo(100.0);
        assertThat(u.diskWriteOpsPerSec()).isEqualTo(50.0);
        // the taps' receive is the guest's transmit, summed over its three NICs
        assertThat(u.netTxBytesPerSec()).isEqualTo(2_000.0);
        assertThat(u.netRxBytesPerSec()).isEqualTo(4_000.0);
        assertThat(u.netTxPacketsPerSec()).isEqualTo(10.0);
        assertThat(u.netRxPacketsPerSec()).isEqualTo(20.0);
        // an idle guest has zero rates, not null
        assertThat(usageOf(sampler.sample(guests), 201)).isNotNull();
    }

    @Test
    void counterResetAfterGuestRestartGivesNoRateForThatCycleOnly() throws IOException {
        String cpu = "sys/fs/cgroup/lxc/200/cpu.stat";
        sampler.sample(guests);
        clock.advance(Duration.ofSeconds(5));
        write(cpu, "usage_usec 1000\n");
        addToCounter("sys/class/net/veth200i0/statistics/rx_bytes", 500);
        GuestUsage afterReset = usageOf(sampler.sample(guests), 200);
        assertThat(afterReset.cpuCores()).isNull();
        assertThat(afterReset.netTxBytesPerSec()).isEqualTo(100.0);

        clock.advance(Duration.ofSeconds(5));
        write(cpu, "usage_usec 2501000\n");
        assertThat(usageOf(sampler.sample(guests), 200).cpuCores()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void missingFilesGiveNullFiguresAndNoException() throws IOException {
        String cg = "sys/fs/cgroup/qemu.slice/101.scope/";
        Files.delete(root.resolve(cg + "memory.stat"));
        Files.delete(root.resolve(cg + "io.stat"));
        Files.delete(root.resolve("sys/class/net/tap101i1/statistics/rx_bytes"));
        sampler.sample(guests);
        clock.advance(Duration.ofSeconds(5));
        GuestUsage u = usageOf(sampler.sample(guests), 101);
        assertThat(u.memoryUsedBytes()).isNull();
        assertThat(u.diskReadBytesPerSec()).isNull();
        assertThat(u.diskWriteOpsPerSec()).isNull();
        assertThat(u.netTxBytesPerSec()).isNull(); // a partial sum would look like a reset later
        assertThat(u.netRxBytesPerSec()).isEqualTo(0.0);
        assertThat(u.cpuCores()).isEqualTo(0.0);
    }

    @Test
    void missingFileIsLoggedOncePerFileNotEveryCycle() throws IOException {
        Files.delete(root.resolve("sys/fs/cgroup/lxc/200/io.stat"));
        Logger logger = (Logger) LoggerFactory.getLogger(GuestCounterReader.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            for (int i = 0; i < 3; i++) {
                sampler.sample(guests);
                clock.advance(Duration.ofSeconds(5));
            }
        } finally {
            logger.detachAppender(events);
        }
        assertThat(events.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(m -> m.contains("lxc/200/io.stat"))
                .hasSize(1);
    }

    @Test
    void guestWhoseWholeCgroupVanishedStillGetsASample() throws IOException {
        Path scope = root.resolve("sys/fs/cgroup/qemu.slice/102.scope");
        try (var files = Files.list(scope)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        GuestUsage u = usageOf(sampler.sample(guests), 102);
        assertThat(u.cpuCores()).isNull();
        assertThat(u.memoryUsedBytes()).isNull();
        assertThat(u.netTxBytesPerSec()).isNull();
    }

    @Test
    void guestThatLeftTheInventoryIsForgottenAndStartsOverWithoutRates() throws IOException {
        sampler.sample(guests);
        clock.advance(Duration.ofSeconds(5));
        sampler.sample(guests.stream().filter(g -> g.vmid() != 100).toList());
        clock.advance(Duration.ofSeconds(5));
        write("sys/fs/cgroup/qemu.slice/100.scope/cpu.stat", "usage_usec 9999999999\n");
        assertThat(usageOf(sampler.sample(guests), 100).cpuCores()).isNull();
    }
}

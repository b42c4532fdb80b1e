package dev.vpsguard.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.NicSample;
import dev.vpsguard.testing.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

class OshiHostSamplerTest {
    private final SystemInfo si = new SystemInfo();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** The real hardware layer, except the methods named, which throw or return what is given. */
    @SuppressWarnings("unchecked")
    private static <T> T override(Class<T> type, T real, Map<String, Object> answers) {
        return (T)
                Proxy.newProxyInstance(
                        type.getClassLoader(),
                        new Class<?>[] {type},
                        (proxy, method, args) -> {
                            if (answers.containsKey(method.getName())) {
                                Object a = answers.get(method.getName());
                                if (a instanceof RuntimeException e) {
                                    throw e;
                                }
                                return a;
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }

    private static NetworkIF nic(String name, long rx, long tx) {
        return override(
                NetworkIF.class,
                null,
                Map.of(
                        "getName", name,
                        "getBytesRecv", rx,
                        "getBytesSent", tx,
                        "getPacketsRecv", rx / 100,
                        "getPacketsSent", tx / 100));
    }

    @Test
    void readsThisMachineAndGivesCpuPercentFromTheSecondCallOn() {
        var sampler =
                new OshiHostSampler(
                        si.getHardware(), si.getOperatingSystem().getFileSystem(), clock);
        HostSample first = sampler.sample();
        assertThat(first.cpuPercent()).isNull();
        assertThat(first.cpuCount()).isPositive();
        assertThat(first.memoryTotalBytes()).isPositive();
        assertThat(first.memoryUsedBytes()).isBetween(0L, first.memoryTotalBytes());
        assertThat(first.load1()).isNotNegative();
        assertThat(first.filesystems())
                .allSatisfy(fs -> assertThat(HostFilters.isLocalFilesystem(fs.type())).isTrue());
        clock.advance(Duration.ofSeconds(5));
        assertThat(sampler.sample().cpuPercent()).isBetween(0.0, 100.0);
    }

    @Test
    void brokenMemorySourceDoesNotHideTheOtherFigures() {
        HardwareAbstractionLayer broken =
                override(
                        HardwareAbstractionLayer.class,
                        si.getHardware(),
                        Map.of("getMemory", new IllegalStateException("meminfo unreadable")));
        HostSample s =
                new OshiHostSampler(broken, si.getOperatingSystem().getFileSystem(), clock)
                        .sample();
        assertThat(s.memoryTotalBytes()).isNull();
        assertThat(s.swapTotalBytes()).isNull();
        assertThat(s.cpuCount()).isPositive();
        assertThat(s.nics()).isNotNull();
    }

    @Test
    void brokenCpuAndNicSourcesLeaveMemoryIntact() {
        HardwareAbstractionLayer broken =
                override(
                        HardwareAbstractionLayer.class,
                        si.getHardware(),
                        Map.of(
                                "getProcessor", new IllegalStateException("no /proc/stat"),
                                "getNetworkIFs", new IllegalStateException("no /sys/class/net")));
        HostSample s =
                new OshiHostSampler(broken, si.getOperatingSystem().getFileSystem(), clock)
                        .sample();
        assertThat(s.cpuCount()).isNull();
        assertThat(s.load1()).isNull();
        assertThat(s.nics()).isEmpty();
        assertThat(s.memoryTotalBytes()).isPositive();
    }

    @Test
    void nicRatesComeFromCountersBetweenCallsAndLeaveGuestInterfacesOut() {
        var nics =
                new java.util.ArrayList<NetworkIF>(
                        List.of(nic("vmbr0", 1000, 5000), nic("tap100i0", 1, 1)));
        HardwareAbstractionLayer real = si.getHardware();
        HardwareAbstractionLayer fake =
                (HardwareAbstractionLayer)
                        Proxy.newProxyInstance(
                                HardwareAbstractionLayer.class.getClassLoader(),
                                new Class<?>[] {HardwareAbstractionLayer.class},
                                (p, m, a) ->
                                        m.getName().equals("getNetworkIFs")
                                                ? List.copyOf(nics)
                                                : m.invoke(real, a));
        var sampler = new OshiHostSampler(fake, si.getOperatingSystem().getFileSystem(), clock);
        List<NicSample> first = sampler.sample().nics();
        assertThat(first).extracting(NicSample::name).containsExactly("vmbr0");
        assertThat(first.get(0).rxBytesPerSec()).isNull();

        clock.advance(Duration.ofSeconds(10));
        nics.set(0, nic("vmbr0", 11_000, 4000)); // tx went down: the counter was reset
        NicSample second = sampler.sample().nics().get(0);
        assertThat(second.rxBytes()).isEqualTo(11_000);
        assertThat(second.rxBytesPerSec()).isEqualTo(1000.0);
        assertThat(second.txBytesPerSec()).isNull();
    }
}

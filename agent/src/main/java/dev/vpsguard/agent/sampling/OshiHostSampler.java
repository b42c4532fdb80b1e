package dev.vpsguard.agent.sampling;

import dev.vpsguard.protocol.FilesystemSample;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.NicSample;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;

/**
 * The host's CPU, load, memory, swap, local filesystems and NICs, through OSHI.
 *
 * <p>Each metric family is read in its own try block, so one broken source (an unreadable {@code
 * /proc/meminfo}, a filesystem that hangs up) leaves the others intact; the failure is logged once
 * per family. CPU percent is computed from the CPU ticks between two calls and NIC rates from the
 * counters between two calls, timed by the injected clock; the first call has neither.
 *
 * <p>Per-guest interfaces (tap/veth/fwbr/fwln/fwpr) are left out of {@link HostSample#nics()}:
 * guest samples carry them.
 */
public final class OshiHostSampler implements HostSampler {
    private static final Logger LOG = LoggerFactory.getLogger(OshiHostSampler.class);

    private final HardwareAbstractionLayer hal;
    private final FileSystem fileSystem;
    private final Clock clock;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private long[] previousTicks;
    private Map<String, NicSample> previousNics = Map.of();
    private long previousNicMillis;

    /** Reads the running host through OSHI. */
    public OshiHostSampler(Clock clock) {
        this(new SystemInfo(), clock);
    }

    private OshiHostSampler(SystemInfo si, Clock clock) {
        this(si.getHardware(), si.getOperatingSystem().getFileSystem(), clock);
    }

    /** The test seam: any hardware layer and file system view, and a clock the test moves. */
    public OshiHostSampler(HardwareAbstractionLayer hal, FileSystem fileSystem, Clock clock) {
        this.hal = hal;
        this.fileSystem = fileSystem;
        this.clock = clock;
    }

    @Override
    public synchronized HostSample sample() {
        Double cpuPercent = null;
        Integer cpuCount = null;
        Double[] load = new Double[3];
        try {
            CentralProcessor cpu = hal.getProcessor();
            cpuCount = cpu.getLogicalProcessorCount();
            long[] ticks = cpu.getSystemCpuLoadTicks();
            if (previousTicks != null) {
                cpuPercent = clampPercent(cpu.getSystemCpuLoadBetweenTicks(previousTicks) * 100);
            }
            previousTicks = ticks;
        } catch (RuntimeException e) {
            warnOnce("cpu", e);
        }
        try {
            double[] avg = hal.getProcessor().getSystemLoadAverage(3);
            for (int i = 0; i < 3 && i < avg.length; i++) {
                load[i] = avg[i] < 0 ? null : avg[i]; // OSHI: negative = unavailable
            }
        } catch (RuntimeException e) {
            warnOnce("load", e);
        }
        Long memTotal = null;
        Long memUsed = null;
        try {
            GlobalMemory memory = hal.getMemory();
            memTotal = memory.getTotal();
            memUsed = Math.max(0, memTotal - memory.getAvailable());
        } catch (RuntimeException e) {
            warnOnce("memory", e);
        }
        Long swapTotal = null;
        Long swapUsed = null;
        try {
            var swap = hal.getMemory().getVirtualMemory();
            swapTotal = swap.getSwapTotal();
            swapUsed = swap.getSwapUsed();
        } catch (RuntimeException e) {
            warnOnce("swap", e);
        }
        return new HostSample(
                cpuPercent,
                cpuCount,
                load[0],
                load[1],
                load[2],
                memTotal,
                memUsed,
                swapTotal,
                swapUsed,
                filesystems(),
                nics());
    }

    private List<FilesystemSample> filesystems() {
        try {
            Map<String, FilesystemSample> byMount = new LinkedHashMap<>();
            for (OSFileStore store : fileSystem.getFileStores(true)) {
                if (!HostFilters.isLocalFilesystem(store.getType())) {
                    continue;
                }
                long total = store.getTotalSpace();
                long used = Math.max(0, total - store.getFreeSpace());
                byMount.putIfAbsent(
                        store.getMount(),
                        new FilesystemSample(store.getMount(), store.getType(), total, used));
            }
            return List.copyOf(byMount.values());
        } catch (RuntimeException e) {
            warnOnce("filesystems", e);
            return List.of();
        }
    }

    private List<NicSample> nics() {
        try {
            long now = clock.millis();
            double seconds = (now - previousNicMillis) / 1000.0;
            Map<String, NicSample> current = new HashMap<>();
            List<NicSample> out = new ArrayList<>();
            for (NetworkIF nif : hal.getNetworkIFs()) {
                if (HostFilters.isGuestInterface(nif.getName())) {
                    continue;
                }
                NicSample prev = previousNics.get(nif.getName());
                NicSample s =
                        new NicSample(
                                nif.getName(),
                                nif.getBytesRecv(),
                                nif.getBytesSent(),
                                nif.getPacketsRecv(),
                                nif.getPacketsSent(),
                                prev == null
                                        ? null
                                        : rate(prev.rxBytes(), nif.getBytesRecv(), seconds),
                                prev == null
                                        ? null
                                        : rate(prev.txBytes(), nif.getBytesSent(), seconds));
                current.put(s.name(), s);
                out.add(s);
            }
            previousNics = current;
            previousNicMillis = now;
            return out;
        } catch (RuntimeException e) {
            warnOnce("nics", e);
            return List.of();
        }
    }

    private static Double rate(long previous, long current, double seconds) {
        return GuestUsageCalculator.perSecond(previous, current, seconds);
    }

    private static Double clampPercent(double p) {
        if (Double.isNaN(p)) {
            return null;
        }
        return Math.max(0, Math.min(100, p));
    }

    private void warnOnce(String family, RuntimeException e) {
        if (warned.add(family)) {
            LOG.warn("host {} not measured: {} (logged once)", family, e.toString());
        }
    }
}

package dev.vpsguard.agent.sampling;

import dev.vpsguard.agent.procfs.HostProcParser;
import dev.vpsguard.agent.procfs.NetDevParser;
import dev.vpsguard.agent.procfs.SmallFileReader;
import dev.vpsguard.protocol.FilesystemSample;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.NicSample;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
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

/**
 * The host's CPU, load, memory, swap, local filesystems and NICs, from {@code /proc}: five small
 * files and one {@code statvfs} per local filesystem a cycle. (The agent used OSHI before; it
 * enumerated every interface anew and ran {@code lsblk} on every cycle to label filesystems, which
 * a host sample never shows, and it brought JNA's native library and a thread.)
 *
 * <p>Each family is read in its own try block, so one broken source leaves the others intact; the
 * failure is logged once per family. CPU percent comes from the ticks between two calls and NIC
 * rates from the counters between two calls, timed by the injected clock; the first call has
 * neither. Per-guest interfaces and the loopback are left out of {@link HostSample#nics()}: guest
 * samples carry the former, the latter is no traffic of the host's.
 */
public final class ProcHostSampler implements HostSampler {
    private static final Logger LOG = LoggerFactory.getLogger(ProcHostSampler.class);

    private final Path root;
    private final Clock clock;
    private final SmallFileReader files = new SmallFileReader();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private HostProcParser.CpuTicks previousTicks;
    private Map<String, NicSample> previousNics = Map.of();
    private long previousNicMillis;

    /**
     * @param root the root under which {@code proc/...} and the mount points are read; {@code /} in
     *     production
     */
    public ProcHostSampler(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    @Override
    public synchronized HostSample sample() {
        Double cpuPercent = null;
        Integer cpuCount = null;
        try {
            HostProcParser.CpuTicks ticks = HostProcParser.cpuTicks(lines("proc/stat"));
            cpuCount = ticks.cpus() > 0 ? ticks.cpus() : null;
            double busy = ticks.busySince(previousTicks);
            cpuPercent = Double.isNaN(busy) ? null : Math.max(0, Math.min(100, busy * 100));
            previousTicks = ticks;
        } catch (IOException | RuntimeException e) {
            warnOnce("cpu", e);
        }
        Double[] load = new Double[3];
        try {
            load = HostProcParser.loadAverages(lines("proc/loadavg"));
        } catch (IOException | RuntimeException e) {
            warnOnce("load", e);
        }
        Long memTotal = null;
        Long memUsed = null;
        Long swapTotal = null;
        Long swapUsed = null;
        try {
            HostProcParser.MemInfo mem = HostProcParser.memInfo(lines("proc/meminfo"));
            memTotal = mem.total();
            if (mem.total() != null && mem.available() != null) {
                memUsed = Math.max(0, Math.min(mem.total(), mem.total() - mem.available()));
            }
            swapTotal = mem.swapTotal();
            if (mem.swapTotal() != null && mem.swapFree() != null) {
                swapUsed = Math.max(0, Math.min(mem.swapTotal(), mem.swapTotal() - mem.swapFree()));
            }
        } catch (IOException | RuntimeException e) {
            warnOnce("memory", e);
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
            for (HostProcParser.Mount m : HostProcParser.mounts(lines("proc/self/mounts"))) {
                if (!HostFilters.isLocalFilesystem(m.type())
                        || !HostFilters.isReportedMountPoint(m.mountPoint())
                        || byMount.containsKey(m.mountPoint())) {
                    continue;
                }
                // statvfs, as java.io.File does it; 0 when the mount point cannot be reached.
                File at = root.resolve(m.mountPoint().substring(1)).toFile();
                long total = at.getTotalSpace();
                if (total <= 0) {
                    continue;
                }
                long used = Math.max(0, Math.min(total, total - at.getFreeSpace()));
                byMount.put(
                        m.mountPoint(),
                        new FilesystemSample(m.mountPoint(), m.type(), total, used));
            }
            return List.copyOf(byMount.values());
        } catch (IOException | RuntimeException e) {
            warnOnce("filesystems", e);
            return List.of();
        }
    }

    private List<NicSample> nics() {
        try {
            int length = files.load(root.resolve("proc/net/dev"));
            Map<String, NetDevParser.NetDev> devs = NetDevParser.parse(files.buffer(), length);
            long now = clock.millis();
            double seconds = (now - previousNicMillis) / 1000.0;
            Map<String, NicSample> current = new HashMap<>();
            List<NicSample> out = new ArrayList<>();
            for (Map.Entry<String, NetDevParser.NetDev> e : devs.entrySet()) {
                String name = e.getKey();
                if (name.equals("lo") || HostFilters.isGuestInterface(name)) {
                    continue;
                }
                NetDevParser.NetDev d = e.getValue();
                NicSample prev = previousNics.get(name);
                NicSample s =
                        new NicSample(
                                name,
                                d.rxBytes(),
                                d.txBytes(),
                                d.rxPackets(),
                                d.txPackets(),
                                prev == null
                                        ? null
                                        : GuestUsageCalculator.perSecond(
                                                prev.rxBytes(), d.rxBytes(), seconds),
                                prev == null
                                        ? null
                                        : GuestUsageCalculator.perSecond(
                                                prev.txBytes(), d.txBytes(), seconds));
                current.put(name, s);
                out.add(s);
            }
            out.sort((a, b) -> a.name().compareTo(b.name()));
            previousNics = current;
            previousNicMillis = now;
            return out;
        } catch (IOException | RuntimeException e) {
            warnOnce("nics", e);
            return List.of();
        }
    }

    private List<String> lines(String file) throws IOException {
        return files.lines(root.resolve(file));
    }

    private void warnOnce(String family, Exception e) {
        if (warned.add(family)) {
            LOG.warn("host {} not measured: {} (logged once)", family, e.toString());
        }
    }
}

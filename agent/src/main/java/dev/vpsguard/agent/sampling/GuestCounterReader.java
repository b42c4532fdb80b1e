package dev.vpsguard.agent.sampling;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.agent.procfs.KeptOpenFile;
import dev.vpsguard.agent.procfs.NetDevParser;
import dev.vpsguard.agent.procfs.SmallFileReader;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a guest's counters from the host's files under one root. The thin IO beside {@link
 * CgroupParser}.
 *
 * <ul>
 *   <li>cgroup v2: {@code <root>/sys/fs/cgroup/qemu.slice/<vmid>.scope/} for VMs and {@code
 *       <root>/sys/fs/cgroup/lxc/<vmid>/} for containers: {@code cpu.stat}, {@code memory.current},
 *       {@code memory.stat}, {@code memory.max}, {@code io.stat}.
 *   <li>network: {@code <root>/sys/class/net/<iface>/statistics/{rx,tx}_{bytes,packets}} of each
 *       tap/veth, summed. The host side's receive is the guest's transmit.
 * </ul>
 *
 * A missing or unreadable file gives a null counter and is logged once per file; nothing here
 * throws. Files are read into one reused buffer and each guest's paths are resolved once; the four
 * cgroup files read every cycle stay open (four descriptors per running guest, opened anew once a
 * minute and closed when the guest stops), so the reader is not thread-safe: one sampler owns it.
 */
public final class GuestCounterReader {
    private static final Logger LOG = LoggerFactory.getLogger(GuestCounterReader.class);

    private final Path root;
    private static final String[] NET_COUNTERS = {
        "rx_bytes", "tx_bytes", "rx_packets", "tx_packets"
    };

    /** Readings between two reads of an unchanged guest's {@code memory.max}: a minute at 5 s. */
    static final int MEMORY_MAX_EVERY = 12;

    private final Set<Path> warned = ConcurrentHashMap.newKeySet();
    private final SmallFileReader files = new SmallFileReader();
    private final Map<Integer, GuestFiles> paths = new HashMap<>();
    private final Path netDev;
    private Map<String, NetDevParser.NetDev> netDevs = Map.of();

    /**
     * @param root the host's file system root; {@code Path.of("/")} in production
     */
    public GuestCounterReader(Path root) {
        this.root = root;
        this.netDev = root.resolve("proc/net/dev");
    }

    /**
     * Reads {@code <root>/proc/net/dev} once for the cycle about to be read: every interface's
     * counters in one read instead of four per interface. An interface it lacks (or a root without
     * the file, as test fixtures are) falls back to {@code /sys/class/net}.
     */
    public void startCycle() {
        try {
            int length = files.load(netDev);
            netDevs = NetDevParser.parse(files.buffer(), length);
        } catch (IOException | RuntimeException e) {
            netDevs = Map.of();
        }
    }

    /** The cgroup directory of a guest. */
    public Path cgroupDir(Guest guest) {
        return guest.kind() == GuestKind.QEMU
                ? root.resolve("sys/fs/cgroup/qemu.slice/" + guest.vmid() + ".scope")
                : root.resolve("sys/fs/cgroup/lxc/" + guest.vmid());
    }

    /**
     * Reads all counters of a guest. {@code memory.max} changes only when the guest's config does
     * (or an operator sets it by hand), so it is read again when the guest's config changed and
     * otherwise every {@link #MEMORY_MAX_EVERY} readings.
     *
     * @param wallMicros the reading's time, microseconds since the epoch
     */
    public GuestCounters read(Guest guest, long wallMicros) {
        GuestFiles f = paths.get(guest.vmid());
        if (f == null || f.kind != guest.kind() || !f.nics.equals(guest.nics())) {
            if (f != null) {
                f.close();
            }
            f = new GuestFiles(cgroupDir(guest), root.resolve("sys/class/net"), guest);
            paths.put(guest.vmid(), f);
        }
        if (f.readsUntilMax <= 0 || !guest.equals(f.guest)) {
            // Also once a minute: open the kept files anew, so a file that is not a kernel
            // file (a fixture replaced by a rename) is not read stale for longer.
            f.close();
            f.memoryMax = parse(f.memoryMaxPath, CgroupParser::parseCounter);
            f.readsUntilMax = MEMORY_MAX_EVERY;
            f.guest = guest;
        }
        f.readsUntilMax--;
        CgroupParser.CpuStat cpu = parse(f.cpuStat, CgroupParser::parseCpuStat);
        CgroupParser.IoStat io = parse(f.ioStat, CgroupParser::parseIoStat);
        return new GuestCounters(
                wallMicros,
                cpu == null ? null : cpu.usageUsec(),
                parse(f.memoryCurrent, CgroupParser::parseCounter),
                parse(f.memoryStat, CgroupParser::parseMemoryStatFile),
                f.memoryMax,
                io == null ? null : io.readBytes(),
                io == null ? null : io.writeBytes(),
                io == null ? null : io.readOps(),
                io == null ? null : io.writeOps(),
                // The tap/veth is the host's end of the guest's cable: its rx is the guest's tx.
                netSum(f, 0),
                netSum(f, 1),
                netSum(f, 2),
                netSum(f, 3));
    }

    /** Forgets the resolved paths of guests not in {@code vmids} (gone or stopped). */
    public void retainOnly(Set<Integer> vmids) {
        paths.entrySet()
                .removeIf(
                        e -> {
                            if (vmids.contains(e.getKey())) {
                                return false;
                            }
                            e.getValue().close();
                            return true;
                        });
    }

    /**
     * One statistics counter summed over the guest's host-side interfaces; null when the guest has
     * no NIC or any interface's counter is missing (a partial sum would look like a reset).
     */
    private Long netSum(GuestFiles f, int counter) {
        if (f.net.length == 0) {
            return null;
        }
        long sum = 0;
        for (int i = 0; i < f.net.length; i++) {
            NetDevParser.NetDev dev = netDevs.get(f.nics.get(i).iface());
            Long value =
                    dev != null
                            ? netDevCounter(dev, counter)
                            : parse(f.net[i][counter], CgroupParser::parseCounter);
            if (value == null) {
                return null;
            }
            sum = CgroupParser.saturatedAdd(sum, value);
        }
        return sum;
    }

    private static long netDevCounter(NetDevParser.NetDev dev, int counter) {
        return switch (counter) {
            case 0 -> dev.rxBytes();
            case 1 -> dev.txBytes();
            case 2 -> dev.rxPackets();
            default -> dev.txPackets();
        };
    }

    /**
     * A guest's files, resolved once for its kind and NICs, and its {@code memory.max} with the
     * config it was read for.
     */
    private static final class GuestFiles {
        final GuestKind kind;
        final List<GuestNic> nics;
        final KeptOpenFile cpuStat;
        final KeptOpenFile ioStat;
        final KeptOpenFile memoryCurrent;
        final KeptOpenFile memoryStat;
        final Path memoryMaxPath;
        final Path[][] net;
        Guest guest;
        Long memoryMax;
        int readsUntilMax;

        GuestFiles(Path cg, Path sysClassNet, Guest guest) {
            kind = guest.kind();
            nics = guest.nics();
            net = new Path[nics.size()][];
            for (int i = 0; i < net.length; i++) {
                Path stats = sysClassNet.resolve(nics.get(i).iface()).resolve("statistics");
                net[i] = new Path[NET_COUNTERS.length];
                for (int c = 0; c < NET_COUNTERS.length; c++) {
                    net[i][c] = stats.resolve(NET_COUNTERS[c]);
                }
            }
            cpuStat = new KeptOpenFile(cg.resolve("cpu.stat"));
            ioStat = new KeptOpenFile(cg.resolve("io.stat"));
            memoryCurrent = new KeptOpenFile(cg.resolve("memory.current"));
            memoryStat = new KeptOpenFile(cg.resolve("memory.stat"));
            memoryMaxPath = cg.resolve("memory.max");
        }

        void close() {
            cpuStat.close();
            ioStat.close();
            memoryCurrent.close();
            memoryStat.close();
        }
    }

    /** A parser of a file's first {@code length} bytes. */
    private interface BytesParser<T> {
        T parse(byte[] bytes, int length);
    }

    private <T> T parse(Path file, BytesParser<T> parser) {
        return parse(file, null, parser);
    }

    private <T> T parse(KeptOpenFile file, BytesParser<T> parser) {
        return parse(file.path(), file, parser);
    }

    private <T> T parse(Path file, KeptOpenFile kept, BytesParser<T> parser) {
        int length;
        try {
            length = kept != null ? kept.load(files) : files.load(file);
        } catch (NoSuchFileException e) {
            warnOnce(file, "missing");
            return null;
        } catch (IOException | RuntimeException e) {
            warnOnce(file, e.toString());
            return null;
        }
        return parser.parse(files.buffer(), length);
    }

    private void warnOnce(Path file, String why) {
        if (warned.add(file)) {
            LOG.warn("no figure from {}: {} (logged once per file)", file, why);
        }
    }
}

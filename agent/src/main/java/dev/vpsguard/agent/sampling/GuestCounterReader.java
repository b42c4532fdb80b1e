package dev.vpsguard.agent.sampling;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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
 * throws.
 */
public final class GuestCounterReader {
    private static final Logger LOG = LoggerFactory.getLogger(GuestCounterReader.class);

    private final Path root;
    private final Set<Path> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param root the host's file system root; {@code Path.of("/")} in production
     */
    public GuestCounterReader(Path root) {
        this.root = root;
    }

    /** The cgroup directory of a guest. */
    public Path cgroupDir(Guest guest) {
        return guest.kind() == GuestKind.QEMU
                ? root.resolve("sys/fs/cgroup/qemu.slice/" + guest.vmid() + ".scope")
                : root.resolve("sys/fs/cgroup/lxc/" + guest.vmid());
    }

    /**
     * Reads all counters of a guest.
     *
     * @param wallMicros the reading's time, microseconds since the epoch
     */
    public GuestCounters read(Guest guest, long wallMicros) {
        Path cg = cgroupDir(guest);
        CgroupParser.CpuStat cpu = parse(cg.resolve("cpu.stat"), CgroupParser::parseCpuStat);
        CgroupParser.IoStat io = parse(cg.resolve("io.stat"), CgroupParser::parseIoStat);
        List<GuestNic> nics = guest.nics();
        return new GuestCounters(
                wallMicros,
                cpu == null ? null : cpu.usageUsec(),
                parse(cg.resolve("memory.current"), CgroupParser::parseCounter),
                parse(cg.resolve("memory.stat"), CgroupParser::parseMemoryStatFile),
                parse(cg.resolve("memory.max"), CgroupParser::parseMemoryMax),
                io == null ? null : io.readBytes(),
                io == null ? null : io.writeBytes(),
                io == null ? null : io.readOps(),
                io == null ? null : io.writeOps(),
                // The tap/veth is the host's end of the guest's cable: its rx is the guest's tx.
                netSum(nics, "rx_bytes"),
                netSum(nics, "tx_bytes"),
                netSum(nics, "rx_packets"),
                netSum(nics, "tx_packets"));
    }

    /**
     * One statistics counter summed over the guest's host-side interfaces; null when the guest has
     * no NIC or any interface's counter is missing (a partial sum would look like a reset).
     */
    private Long netSum(List<GuestNic> nics, String counter) {
        if (nics.isEmpty()) {
            return null;
        }
        long sum = 0;
        for (GuestNic nic : nics) {
            Path file =
                    root.resolve("sys/class/net")
                            .resolve(nic.iface())
                            .resolve("statistics/" + counter);
            Long value = parse(file, CgroupParser::parseCounter);
            if (value == null) {
                return null;
            }
            sum = CgroupParser.saturatedAdd(sum, value);
        }
        return sum;
    }

    private <T> T parse(Path file, Function<List<String>, T> parser) {
        List<String> lines;
        try {
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            warnOnce(file, "missing");
            return null;
        } catch (IOException | RuntimeException e) {
            warnOnce(file, e.toString());
            return null;
        }
        return parser.apply(lines);
    }

    private void warnOnce(Path file, String why) {
        if (warned.add(file)) {
            LOG.warn("no figure from {}: {} (logged once per file)", file, why);
        }
    }
}

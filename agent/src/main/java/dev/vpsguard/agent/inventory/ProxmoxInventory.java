package dev.vpsguard.agent.inventory;

import dev.vpsguard.agent.procfs.SmallFileReader;
import dev.vpsguard.protocol.GuestKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guests of a Proxmox host, read from its config tree under one root ({@code /} in production,
 * a fixture tree in tests).
 *
 * <ul>
 *   <li>VMs: {@code <root>/etc/pve/qemu-server/<vmid>.conf}. A VM runs when {@code
 *       <root>/run/qemu-server/<vmid>.pid} names a pid whose {@code <root>/proc/<pid>/cmdline}
 *       carries that {@code -pidfile} (qemu-server's own test).
 *   <li>Containers: {@code <root>/etc/pve/lxc/<vmid>.conf}. A container runs when its cgroup {@code
 *       <root>/sys/fs/cgroup/lxc/<vmid>} holds a process. We read the kernel's {@code
 *       cgroup.events} {@code populated} flag first, because it counts descendants: the container's
 *       processes live in {@code lxc/<vmid>/ns} and, with systemd inside, deeper still ({@code
 *       ns/init.scope}), so {@code cgroup.procs} of {@code lxc/<vmid>} is empty on a healthy
 *       container. When {@code cgroup.events} cannot be read we fall back to a non-empty {@code
 *       cgroup.procs} of {@code lxc/<vmid>} or {@code lxc/<vmid>/ns}.
 * </ul>
 *
 * A config that cannot be read is skipped and logged once; {@link #load()} never throws.
 */
public final class ProxmoxInventory implements InventorySource {
    private static final Logger LOG = LoggerFactory.getLogger(ProxmoxInventory.class);
    private static final Pattern CONF = Pattern.compile("([1-9]\\d{0,8})\\.conf");

    private final Path root;
    private final ParsedConfigs parsed;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    // Pid files, cmdlines and cgroup.events, some 200 small reads a cycle, into one buffer.
    private final SmallFileReader files = new SmallFileReader();

    /**
     * @param root the host's file system root; {@code Path.of("/")} in production
     */
    public ProxmoxInventory(Path root) {
        this(root, Clock.systemUTC());
    }

    /** The test seam: a clock that ages the configs' modification times. */
    public ProxmoxInventory(Path root, Clock clock) {
        this.root = root;
        this.parsed = new ParsedConfigs(clock);
    }

    @Override
    public synchronized List<Guest> load() {
        List<Guest> guests = new ArrayList<>();
        Set<Path> listed = new HashSet<>();
        for (GuestKind kind : GuestKind.values()) {
            Path dir = root.resolve(kind == GuestKind.QEMU ? "etc/pve/qemu-server" : "etc/pve/lxc");
            for (Path conf : configs(dir)) {
                var m = CONF.matcher(conf.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                int vmid = Integer.parseInt(m.group(1));
                listed.add(conf);
                Guest guest;
                try {
                    boolean running =
                            kind == GuestKind.QEMU ? vmRunning(vmid) : containerRunning(vmid);
                    guest = parsed.guest(conf, vmid, kind, running);
                } catch (IOException | RuntimeException e) {
                    warnOnce(conf.toString(), "cannot read {}: {}", conf, e.toString());
                    continue;
                }
                guests.add(guest);
            }
        }
        parsed.retainOnly(listed);
        guests.sort(Comparator.comparingInt(Guest::vmid));
        return guests;
    }

    private List<Path> configs(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            warnOnce(dir.toString(), "no guest config directory {}", dir);
            return files;
        }
        // No glob: it would compile a pattern on every listing; CONF filters the names.
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(files::add);
        } catch (IOException | RuntimeException e) {
            warnOnce(dir.toString(), "cannot list {}: {}", dir, e.toString());
        }
        return files;
    }

    private boolean vmRunning(int vmid) {
        Path pidFile = root.resolve("run/qemu-server/" + vmid + ".pid");
        Integer pid;
        try {
            int length = files.load(pidFile);
            pid = RunStateParser.parsePid(files.buffer(), length);
        } catch (NoSuchFileException e) {
            return false; // not started, or stopped cleanly
        } catch (IOException | RuntimeException e) {
            warnOnce(pidFile.toString(), "cannot read {}: {}", pidFile, e.toString());
            return false;
        }
        if (pid == null) {
            return false;
        }
        try {
            int length = files.load(root.resolve("proc/" + pid + "/cmdline"));
            return RunStateParser.cmdlineCarriesPidfile(files.buffer(), length, vmid);
        } catch (IOException | RuntimeException e) {
            return false; // stale pid file: the process is gone
        }
    }

    private boolean containerRunning(int vmid) {
        Path cgroup = root.resolve("sys/fs/cgroup/lxc/" + vmid);
        try {
            int length = files.load(cgroup.resolve("cgroup.events"));
            Boolean populated = RunStateParser.parsePopulated(files.buffer(), length);
            if (populated != null) {
                return populated;
            }
        } catch (IOException | RuntimeException e) {
            if (!Files.isDirectory(cgroup)) {
                return false; // no cgroup: not running
            }
        }
        for (Path procs :
                List.of(cgroup.resolve("cgroup.procs"), cgroup.resolve("ns/cgroup.procs"))) {
            try {
                int length = files.load(procs);
                if (RunStateParser.hasProcess(files.buffer(), length)) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                // absent on stopped containers; the other file decides
            }
        }
        return false;
    }

    /** Lines of a file; malformed UTF-8 (a description typed in another charset) is replaced. */
    static List<String> read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    }

    private void warnOnce(String key, String format, Object... args) {
        if (warned.add(key)) {
            LOG.warn(format, args);
        }
    }
}

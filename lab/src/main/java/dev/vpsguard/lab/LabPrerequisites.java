package dev.vpsguard.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks whether this machine can run the lab, and finds the tools it needs. */
final class LabPrerequisites {
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private LabPrerequisites() {}

    static Optional<String> missing() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("the lab needs Linux network namespaces");
        }
        if (!isRoot()) {
            return Optional.of("the lab needs root (it creates network namespaces); run as root");
        }
        for (String t : List.of("ip", "nft", "conntrack")) {
            if (find(t).isEmpty()) {
                return Optional.of(
                        "the lab needs `"
                                + t
                                + "` (Debian packages iproute2, nftables, conntrack)");
            }
        }
        ExecResult r =
                LabCommands.run(List.of(tool("ip"), "netns", "list"), Duration.ofSeconds(10), null);
        if (!r.succeeded()) {
            return Optional.of("`ip netns list` fails: " + r.output().strip());
        }
        if (!Files.exists(Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables"))) {
            return Optional.of(
                    "the br_netfilter module is not loaded (no"
                            + " /proc/sys/net/bridge/bridge-nf-call-iptables); `modprobe br_netfilter`");
        }
        return Optional.empty();
    }

    /** The absolute path of {@code name}, searched in PATH and the sbin directories. */
    static String tool(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("`" + name + "` not found"));
    }

    static Optional<String> find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SBIN);
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    /** Effective uid 0, read from {@code /proc/self/status} ("Uid: real effective saved fs"). */
    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}

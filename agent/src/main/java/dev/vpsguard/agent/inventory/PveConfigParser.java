package dev.vpsguard.agent.inventory;

import dev.vpsguard.protocol.GuestKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a Proxmox guest config ({@code /etc/pve/qemu-server/<vmid>.conf} or {@code
 * /etc/pve/lxc/<vmid>.conf}) into a {@link Guest}.
 *
 * <p>The format is one {@code key: value} per line. {@code #} lines are the guest's description. A
 * line {@code [name]} opens a section ({@code [PENDING]} for changes not yet applied, {@code
 * [snapname]} for snapshots, {@code [special:cloudinit]}); only the part before the first section
 * is the current config. Like Proxmox's own parser (PVE::QemuConfig::parse_vm_config), a key that
 * appears twice keeps its last value.
 *
 * <p>The parsers never throw for any input lines: a value that cannot be read yields no figure
 * (null), and lines that are not {@code key: value} are ignored.
 */
public final class PveConfigParser {
    /** Proxmox's default memory for both VMs and containers when the key is absent, MiB. */
    static final long DEFAULT_MEMORY_MIB = 512;

    private PveConfigParser() {}

    /**
     * The current (top) section of a config as key → value, values trimmed.
     *
     * @param lines the file's lines (a trailing CR on each line is tolerated)
     */
    public static Map<String, String> parseCurrentSection(List<String> lines) {
        Map<String, String> config = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (isKey(key) && !value.isEmpty()) {
                config.put(key, value);
            }
        }
        return config;
    }

    /**
     * Builds the guest described by a config file.
     *
     * @param vmid the guest id (from the file name)
     * @param kind qemu or lxc
     * @param lines the config file's lines
     * @param running whether the guest runs now (decided by the caller from pid files / cgroups)
     */
    public static Guest parseGuest(int vmid, GuestKind kind, List<String> lines, boolean running) {
        Map<String, String> config = parseCurrentSection(lines);
        String name = config.get(kind == GuestKind.QEMU ? "name" : "hostname");
        return new Guest(
                vmid,
                kind,
                name,
                running,
                cores(kind, config),
                memoryBytes(config),
                PveNetParser.parseNics(vmid, kind, config));
    }

    /**
     * vCPUs allocated. QEMU: {@code vcpus} when set, else sockets × cores (each defaulting to 1).
     * LXC: {@code cores}, or null when absent (the container may use every host CPU).
     */
    static Integer cores(GuestKind kind, Map<String, String> config) {
        if (kind == GuestKind.LXC) {
            return positiveInt(config.get("cores"));
        }
        Integer vcpus = positiveInt(config.get("vcpus"));
        if (vcpus != null) {
            return vcpus;
        }
        Integer sockets = positiveInt(config.getOrDefault("sockets", "1"));
        Integer cores = positiveInt(config.getOrDefault("cores", "1"));
        if (sockets == null || cores == null) {
            return null;
        }
        long product = (long) sockets * cores;
        return product > Integer.MAX_VALUE ? null : (int) product;
    }

    /**
     * Memory allocated, bytes, from {@code memory: [current=]<MiB>} (qemu-server 8.1+ writes the
     * property-string form). Absent → Proxmox's default of 512 MiB; unreadable → null.
     */
    static Long memoryBytes(Map<String, String> config) {
        String value = config.get("memory");
        if (value == null) {
            return DEFAULT_MEMORY_MIB * 1024 * 1024;
        }
        String mib = null;
        for (String part : value.split(",")) {
            String p = part.strip();
            if (p.startsWith("current=")) {
                mib = p.substring("current=".length()).strip();
            } else if (!p.contains("=") && mib == null) {
                mib = p;
            }
        }
        Long parsed = nonNegativeLong(mib);
        if (parsed == null || parsed > Long.MAX_VALUE / (1024 * 1024)) {
            return null;
        }
        return parsed * 1024 * 1024;
    }

    private static boolean isKey(String key) {
        if (key.isEmpty() || !Character.isLetter(key.charAt(0))) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static Integer positiveInt(String value) {
        Long parsed = nonNegativeLong(value);
        if (parsed == null || parsed == 0 || parsed > Integer.MAX_VALUE) {
            return null;
        }
        return parsed.intValue();
    }

    static Long nonNegativeLong(String value) {
        if (value == null || value.isEmpty() || value.length() > 19) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null; // 19 digits above Long.MAX_VALUE
        }
    }
}

package dev.vpsguard.agent.inventory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Pure checks that decide whether a guest runs, from the contents of its pid file, {@code
 * /proc/<pid>/cmdline} and cgroup files. None of them throws for any input.
 */
public final class RunStateParser {
    private RunStateParser() {}

    /** The pid in a pid file (first line, digits only), or null. */
    public static Integer parsePid(List<String> lines) {
        if (lines.isEmpty()) {
            return null;
        }
        Long pid = PveConfigParser.nonNegativeLong(lines.get(0).strip());
        return pid == null || pid == 0 || pid > Integer.MAX_VALUE ? null : pid.intValue();
    }

    /**
     * Whether a NUL-separated {@code /proc/<pid>/cmdline} is the kvm of this VM: it must carry
     * {@code -pidfile <dir>/qemu-server/<vmid>.pid}. This is qemu-server's own test
     * (PVE::QemuServer::Helpers::vm_running_locally); it guards against a stale pid file whose pid
     * was reused by another process. qemu-server passes {@code /var/run/qemu-server/...}; {@code
     * /run/...} is accepted as well since {@code /var/run} is a symlink to it.
     */
    public static boolean cmdlineCarriesPidfile(byte[] cmdline, int vmid) {
        String[] args = new String(cmdline, StandardCharsets.ISO_8859_1).split("\0");
        String expected = "/qemu-server/" + vmid + ".pid";
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-pidfile")) {
                String file = args[i + 1];
                return file.equals("/var/run" + expected) || file.equals("/run" + expected);
            }
        }
        return false;
    }

    /**
     * The {@code populated} flag of a cgroup v2 {@code cgroup.events} file: true when the cgroup or
     * any descendant holds a live process, false when 0, null when the line is absent or garbage.
     */
    public static Boolean parsePopulated(List<String> lines) {
        for (String line : lines) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[0].equals("populated")) {
                if (parts[1].equals("1")) {
                    return true;
                }
                if (parts[1].equals("0")) {
                    return false;
                }
            }
        }
        return null;
    }

    /** Whether a {@code cgroup.procs} file lists at least one pid. */
    public static boolean hasProcess(List<String> lines) {
        for (String line : lines) {
            if (parsePid(List.of(line)) != null) {
                return true;
            }
        }
        return false;
    }
}

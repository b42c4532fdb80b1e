package dev.vpsguard.agent.inventory;

import dev.vpsguard.agent.procfs.Ascii;
import java.util.List;

/**
 * Pure checks that decide whether a guest runs, from the contents of its pid file, {@code
 * /proc/<pid>/cmdline} and cgroup files. None of them throws for any input.
 */
public final class RunStateParser {
    private RunStateParser() {}

    private static final byte[] POPULATED = Ascii.key("populated");

    /** The pid in a pid file (first line, digits only), or null. */
    public static Integer parsePid(List<String> lines) {
        byte[] b = Ascii.join(lines);
        return parsePid(b, b.length);
    }

    /** {@link #parsePid(List)} from the first {@code length} bytes of {@code b}. */
    public static Integer parsePid(byte[] b, int length) {
        return pid(Ascii.firstLineNumber(b, length));
    }

    private static Integer pid(long v) {
        return v <= 0 || v > Integer.MAX_VALUE ? null : (int) v;
    }

    /**
     * Whether a NUL-separated {@code /proc/<pid>/cmdline} is the kvm of this VM: it must carry
     * {@code -pidfile <dir>/qemu-server/<vmid>.pid}. This is qemu-server's own test
     * (PVE::QemuServer::Helpers::vm_running_locally); it guards against a stale pid file whose pid
     * was reused by another process. qemu-server passes {@code /var/run/qemu-server/...}; {@code
     * /run/...} is accepted as well since {@code /var/run} is a symlink to it.
     */
    public static boolean cmdlineCarriesPidfile(byte[] cmdline, int vmid) {
        return cmdlineCarriesPidfile(cmdline, cmdline.length, vmid);
    }

    /** {@link #cmdlineCarriesPidfile(byte[], int)} over the first {@code length} bytes. */
    public static boolean cmdlineCarriesPidfile(byte[] cmdline, int length, int vmid) {
        for (int from = 0; from < length; ) {
            int end = argEnd(cmdline, from, length);
            if (Ascii.equals(cmdline, from, end, PIDFILE)) {
                int next = end + 1;
                if (next >= length) {
                    return false;
                }
                String expected = "/qemu-server/" + vmid + ".pid";
                int to = argEnd(cmdline, next, length);
                return Ascii.equals(cmdline, next, to, Ascii.key("/var/run" + expected))
                        || Ascii.equals(cmdline, next, to, Ascii.key("/run" + expected));
            }
            from = end + 1;
        }
        return false;
    }

    private static final byte[] PIDFILE = Ascii.key("-pidfile");

    private static int argEnd(byte[] b, int from, int length) {
        int i = from;
        while (i < length && b[i] != 0) {
            i++;
        }
        return i;
    }

    /**
     * The {@code populated} flag of a cgroup v2 {@code cgroup.events} file: true when the cgroup or
     * any descendant holds a live process, false when 0, null when the line is absent or garbage.
     */
    public static Boolean parsePopulated(List<String> lines) {
        byte[] b = Ascii.join(lines);
        return parsePopulated(b, b.length);
    }

    /** {@link #parsePopulated(List)} from the first {@code length} bytes of {@code b}. */
    public static Boolean parsePopulated(byte[] b, int length) {
        for (int ls = 0; ls < length; ) {
            int le = Ascii.lineEnd(b, ls, length);
            int from = Ascii.skipBlanks(b, ls, le);
            int to = Ascii.fieldEnd(b, from, le);
            int vf = Ascii.skipBlanks(b, to, le);
            int vt = Ascii.fieldEnd(b, vf, le);
            if (Ascii.equals(b, from, to, POPULATED)
                    && vt - vf == 1
                    && Ascii.skipBlanks(b, vt, le) == le) {
                if (b[vf] == '1') {
                    return true;
                }
                if (b[vf] == '0') {
                    return false;
                }
            }
            ls = Ascii.nextLine(le, length);
        }
        return null;
    }

    /** Whether a {@code cgroup.procs} file lists at least one pid. */
    public static boolean hasProcess(List<String> lines) {
        byte[] b = Ascii.join(lines);
        return hasProcess(b, b.length);
    }

    /** {@link #hasProcess(List)} from the first {@code length} bytes of {@code b}. */
    public static boolean hasProcess(byte[] b, int length) {
        for (int ls = 0; ls < length; ) {
            int le = Ascii.lineEnd(b, ls, length);
            int from = Ascii.skipBlanks(b, ls, le);
            int to = Ascii.fieldEnd(b, from, le);
            if (Ascii.skipBlanks(b, to, le) == le && pid(Ascii.unsigned(b, from, to)) != null) {
                return true;
            }
            ls = Ascii.nextLine(le, length);
        }
        return false;
    }
}

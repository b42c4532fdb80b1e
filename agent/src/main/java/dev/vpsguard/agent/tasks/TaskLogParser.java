package dev.vpsguard.agent.tasks;

import dev.vpsguard.protocol.GuestTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the lines of Proxmox's task lists: the archive {@code /var/log/pve/tasks/index} ({@code
 * <UPID> <endtime hex> <status>}, as pve-manager appends them) and {@code active} ({@code <UPID>
 * <saved 0|1> [<endtime hex> [<status>]]}). A UPID reads {@code UPID:<node>:<pid hex>:<pstart
 * hex>:<starttime hex>:<type>:<id>:<user>:}. Only guest power tasks are kept; a line that does not
 * parse is skipped. Never throws.
 */
public final class TaskLogParser {
    /** The task types that start, stop or pause a guest (qemu-server and pve-container). */
    static final Set<String> POWER =
            Set.of(
                    "qmstart",
                    "qmstop",
                    "qmshutdown",
                    "qmreboot",
                    "qmreset",
                    "qmsuspend",
                    "qmresume",
                    "qmpause",
                    "vzstart",
                    "vzstop",
                    "vzshutdown",
                    "vzreboot",
                    "vzsuspend",
                    "vzresume");

    private TaskLogParser() {}

    public static List<GuestTask> parse(List<String> lines) {
        List<GuestTask> out = new ArrayList<>();
        for (String line : lines) {
            GuestTask t = line(line);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    static GuestTask line(String raw) {
        String line = raw.strip();
        int sp = line.indexOf(' ');
        String upid = sp < 0 ? line : line.substring(0, sp);
        String rest = sp < 0 ? "" : line.substring(sp + 1).strip();
        String[] u = upid.split(":", -1);
        // UPID, node, pid, pstart, starttime, type, id, user, "" (the trailing colon)
        if (u.length != 9 || !u[0].equals("UPID") || !POWER.contains(u[5])) {
            return null;
        }
        if (!u[6].matches("\\d{3,9}") || !u[4].matches("[0-9A-Fa-f]{8}") || u[7].isBlank()) {
            return null;
        }
        Instant started = Instant.ofEpochSecond(Long.parseLong(u[4], 16));
        Instant ended = null;
        String status = null;
        String[] r = rest.isEmpty() ? new String[0] : rest.split(" ", 2);
        if (r.length >= 1 && (r[0].equals("0") || r[0].equals("1"))) {
            // active: the saved flag comes first
            r = r.length == 2 ? r[1].split(" ", 2) : new String[0];
        }
        if (r.length >= 1 && r[0].matches("[0-9A-Fa-f]{8}")) {
            ended = Instant.ofEpochSecond(Long.parseLong(r[0], 16));
            status = r.length == 2 ? r[1].strip() : null;
        }
        if (ended != null && ended.isBefore(started)) {
            return null;
        }
        try {
            return new GuestTask(
                    upid,
                    Integer.parseInt(u[6]),
                    u[5],
                    u[7],
                    started,
                    ended,
                    status == null || status.isEmpty()
                            ? null
                            : status.substring(0, Math.min(512, status.length())));
        } catch (RuntimeException e) {
            return null; // a vmid below 100, a control character: not a task we can report
        }
    }
}

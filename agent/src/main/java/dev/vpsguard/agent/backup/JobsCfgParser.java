package dev.vpsguard.agent.backup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code /etc/pve/jobs.cfg}, Proxmox's section config of scheduled jobs: a header line
 * {@code <type>: <id>}, then indented {@code <key> <value>} lines, sections apart by blank lines.
 * Only {@code vzdump} sections are kept; other job types ({@code realm-sync}) are skipped. Never
 * throws: a section without an id is dropped, an unreadable number is left out of its list.
 */
public final class JobsCfgParser {
    private JobsCfgParser() {}

    public static List<VzdumpJob> parse(List<String> lines) {
        List<VzdumpJob> jobs = new ArrayList<>();
        String type = null;
        String id = null;
        Map<String, String> props = new HashMap<>();
        for (String raw : lines) {
            String line = raw.stripTrailing();
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            boolean indented = Character.isWhitespace(line.charAt(0));
            if (!indented) {
                add(jobs, type, id, props);
                props = new HashMap<>();
                int colon = line.indexOf(':');
                type = colon > 0 ? line.substring(0, colon).strip() : null;
                id = colon > 0 ? line.substring(colon + 1).strip() : null;
                continue;
            }
            String[] kv = line.strip().split("\\s+", 2);
            props.put(kv[0], kv.length > 1 ? kv[1].strip() : "");
        }
        add(jobs, type, id, props);
        return jobs;
    }

    private static void add(List<VzdumpJob> jobs, String type, String id, Map<String, String> p) {
        if (!"vzdump".equals(type) || id == null || id.isEmpty()) {
            return;
        }
        jobs.add(
                new VzdumpJob(
                        id,
                        !"0".equals(p.get("enabled")),
                        p.getOrDefault("schedule", ""),
                        p.get("storage"),
                        "1".equals(p.get("all")),
                        ids(p.get("vmid")),
                        ids(p.get("exclude")),
                        p.get("pool"),
                        p.get("node"),
                        p.getOrDefault("mode", "snapshot"),
                        keepDaily(p.get("prune-backups"))));
    }

    /** A vmid list as Proxmox writes it: commas, possibly with spaces. */
    static Set<Integer> ids(String list) {
        Set<Integer> out = new LinkedHashSet<>();
        if (list == null) {
            return out;
        }
        for (String part : list.split("[,;\\s]+")) {
            if (part.matches("\\d{1,9}")) {
                out.add(Integer.parseInt(part));
            }
        }
        return out;
    }

    private static int keepDaily(String prune) {
        if (prune == null) {
            return -1;
        }
        for (String part : prune.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length == 2 && kv[0].equals("keep-daily") && kv[1].matches("\\d{1,6}")) {
                return Integer.parseInt(kv[1]);
            }
        }
        return -1;
    }
}

package dev.vpsguard.agent.backup;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text output of {@code pvesm list <storage>}: a header {@code Volid Format Type Size
 * VMID}, then one line per volume, columns padded with spaces (pve-storage's {@code
 * print_content}). Only {@code backup} volumes are kept. The output carries no creation time; it is
 * read from the volume name: vzdump's file names hold the host's local time ({@code
 * vzdump-qemu-101-2025_12_02-01_00_02.vma.zst}), Proxmox Backup Server snapshots hold UTC ({@code
 * backup/vm/101/2025-12-02T00:00:02Z}). Never throws; a line that is not five columns is skipped.
 */
public final class PvesmListParser {
    private static final Pattern FILE_TIME =
            Pattern.compile(
                    "vzdump-(?:qemu|lxc|openvz)-\\d+-(\\d{4}_\\d{2}_\\d{2}-\\d{2}_\\d{2}_\\d{2})\\.");
    private static final Pattern PBS_TIME =
            Pattern.compile("/(?:vm|ct)/\\d+/(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z)$");
    private static final DateTimeFormatter FILE =
            DateTimeFormatter.ofPattern("yyyy_MM_dd-HH_mm_ss");

    private PvesmListParser() {}

    public static List<RestorePoint> parse(String storage, List<String> lines, ZoneId hostZone) {
        List<RestorePoint> out = new ArrayList<>();
        for (String line : lines) {
            String[] c = line.strip().split("\\s+");
            if (c.length != 5
                    || !c[2].equals("backup")
                    || !c[3].matches("\\d{1,19}")
                    || !c[4].matches("\\d{1,9}")) {
                continue;
            }
            out.add(
                    new RestorePoint(
                            storage,
                            c[0],
                            c[1],
                            Long.parseLong(c[3]),
                            Integer.parseInt(c[4]),
                            created(c[0], hostZone)));
        }
        return out;
    }

    static Instant created(String volid, ZoneId hostZone) {
        try {
            Matcher m = FILE_TIME.matcher(volid);
            if (m.find()) {
                return LocalDateTime.parse(m.group(1), FILE).atZone(hostZone).toInstant();
            }
            m = PBS_TIME.matcher(volid);
            if (m.find()) {
                return Instant.parse(m.group(1));
            }
        } catch (DateTimeParseException e) {
            // 2025_13_45: not a time vzdump wrote; the point is kept without one.
        }
        return null;
    }
}

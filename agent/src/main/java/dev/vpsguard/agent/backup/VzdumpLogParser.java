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
 * Parses a vzdump task log ({@code /var/log/pve/tasks/X/UPID:...:vzdump:...}), or a per-guest
 * {@code /var/log/vzdump/*.log} whose lines carry a leading time stamp. The lines read are the ones
 * PVE::VZDump writes around each guest: {@code Starting Backup of VM <id> (<type>)}, {@code Backup
 * started at}, {@code creating ... archive '<name>'}, {@code Finished Backup of VM <id>}, {@code
 * ERROR: Backup of VM <id> failed - <reason>}, {@code Backup finished at} / {@code Failed at}, and
 * the task's {@code TASK OK} / {@code TASK WARNINGS: n} / {@code TASK ERROR:}. Times in the log are
 * the host's local time, so the host's zone is passed in. Published captures (test resources,
 * {@code backup/published}) shaped the edge cases: a pasted excerpt without a guest's start line, a
 * failure with its {@code Failed at} but no start, a per-guest log with no {@code at} lines. Never
 * throws.
 */
public final class VzdumpLogParser {
    private static final Pattern STAMP =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} ");
    private static final Pattern START_JOB =
            Pattern.compile("^INFO: starting new backup job: vzdump (.*)$");
    private static final Pattern STORAGE =
            Pattern.compile("--storage\\s+'?([A-Za-z0-9][A-Za-z0-9._-]*)");
    private static final Pattern START =
            Pattern.compile("^INFO: Starting Backup of VM (\\d+) \\((\\w+)\\)");
    private static final Pattern AT =
            Pattern.compile(
                    "^INFO: (Backup started|Backup finished|Failed) at (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})");
    private static final Pattern ARCHIVE =
            Pattern.compile("^INFO: creating (?:vzdump|Proxmox Backup Server) archive '([^']+)'");
    private static final Pattern FINISHED = Pattern.compile("^INFO: Finished Backup of VM (\\d+)");
    private static final Pattern FAILED =
            Pattern.compile("^ERROR: Backup of VM (\\d+) failed - (.*)$");
    private static final Pattern JOB_FAILED = Pattern.compile("^ERROR: Backup job failed - (.*)$");
    private static final Pattern WARNINGS = Pattern.compile("^TASK WARNINGS: \\d+$");
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private VzdumpLogParser() {}

    public static VzdumpTask parse(List<String> lines, ZoneId hostZone) {
        List<BackupRun> runs = new ArrayList<>();
        Current cur = null;
        String storage = null;
        VzdumpTask.Result result = VzdumpTask.Result.UNFINISHED;
        boolean jobFailed = false;
        for (String raw : lines) {
            Matcher st = STAMP.matcher(raw);
            // A per-guest log stamps each line: the stamps date a run whose "at" lines are absent.
            Instant stamp = st.find() ? local(raw.substring(0, 19), hostZone) : null;
            String line = st.replaceFirst("").strip();
            Matcher m;
            if ((m = START_JOB.matcher(line)).find()) {
                Matcher s = STORAGE.matcher(m.group(1));
                storage = s.find() ? s.group(1) : storage;
            } else if ((m = START.matcher(line)).find()) {
                if (cur != null) {
                    runs.add(cur.end(null));
                }
                cur = new Current(Integer.parseInt(m.group(1)), m.group(2));
                cur.started = stamp;
            } else if (cur != null && (m = AT.matcher(line)).find()) {
                Instant t = local(m.group(2), hostZone);
                if (m.group(1).equals("Backup started")) {
                    cur.started = t;
                } else if (cur.outcome != null) {
                    runs.add(cur.end(t));
                    cur = null;
                }
            } else if (cur != null && (m = ARCHIVE.matcher(line)).find()) {
                cur.archive = m.group(1);
            } else if ((m = FINISHED.matcher(line)).find()) {
                // A log whose start was not kept (a pasted excerpt) still proves this success.
                cur = outcomeOf(cur, runs, Integer.parseInt(m.group(1)), BackupRun.Outcome.OK);
                cur.endStamp = stamp;
            } else if ((m = FAILED.matcher(line)).find()) {
                // Also a guest that failed before its "Starting" line (it does not exist).
                cur = outcomeOf(cur, runs, Integer.parseInt(m.group(1)), BackupRun.Outcome.FAILED);
                cur.error = m.group(2).strip();
                cur.endStamp = stamp;
            } else if (JOB_FAILED.matcher(line).find()) {
                jobFailed = true;
            } else if (line.equals("TASK OK")) {
                result = VzdumpTask.Result.OK;
            } else if (WARNINGS.matcher(line).matches()) {
                result = VzdumpTask.Result.WARNINGS;
            } else if (line.startsWith("TASK ERROR:")) {
                result =
                        jobFailed || !line.equals("TASK ERROR: job errors")
                                ? VzdumpTask.Result.FAILED
                                : VzdumpTask.Result.ERRORS;
            }
        }
        if (cur != null) {
            // No closing "at" line: keep what the log proved (a Finished line is a success).
            runs.add(cur.end(null));
        }
        return new VzdumpTask(storage, runs, result);
    }

    /** The run of {@code vmid} with its outcome set: the current one, or one of its own. */
    private static Current outcomeOf(
            Current cur, List<BackupRun> runs, int vmid, BackupRun.Outcome outcome) {
        if (cur == null || cur.vmid != vmid) {
            if (cur != null) {
                runs.add(cur.end(null));
            }
            cur = new Current(vmid, null);
        }
        cur.outcome = outcome;
        return cur;
    }

    static Instant local(String text, ZoneId zone) {
        try {
            return LocalDateTime.parse(text, LOCAL).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final class Current {
        final int vmid;
        final String type;
        Instant started;
        Instant endStamp;
        String archive;
        BackupRun.Outcome outcome;
        String error;

        Current(int vmid, String type) {
            this.vmid = vmid;
            this.type = type;
        }

        /** The run, ended at {@code ended} (else its last line's stamp); no outcome: incomplete. */
        BackupRun end(Instant ended) {
            return new BackupRun(
                    vmid,
                    type,
                    started,
                    ended != null ? ended : endStamp,
                    outcome == null ? BackupRun.Outcome.INCOMPLETE : outcome,
                    archive,
                    error);
        }
    }
}

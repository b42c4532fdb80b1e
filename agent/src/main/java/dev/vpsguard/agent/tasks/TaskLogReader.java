package dev.vpsguard.agent.tasks;

import dev.vpsguard.protocol.GuestTask;
import dev.vpsguard.protocol.Report;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the host's recent guest power tasks and boot time for each report: the tail of {@code
 * /var/log/pve/tasks/index}, all of {@code active}, and {@code btime} of {@code /proc/stat}, under
 * the host root. Every report carries the tasks that started within the look-back, so a report lost
 * or refused does not lose a task: the server keeps each UPID once.
 */
public final class TaskLogReader {
    private static final Logger LOG = LoggerFactory.getLogger(TaskLogReader.class);

    /** The archive only grows between rotations; its last 256 KiB hold days of tasks. */
    static final int TAIL_BYTES = 256 * 1024;

    private final Path root;
    private final Clock clock;
    private final Duration lookback;

    public TaskLogReader(Path root, Clock clock, Duration lookback) {
        this.root = root;
        this.clock = clock;
        this.lookback = lookback;
    }

    /** {@code report} with the host's boot time and recent power tasks added. */
    public Report addTo(Report report) {
        return report.withHostFacts(bootedAt(), recent());
    }

    /** Power tasks started within the look-back, oldest first, at most the report's limit. */
    public List<GuestTask> recent() {
        Instant since = clock.instant().minus(lookback);
        Map<String, GuestTask> byUpid = new LinkedHashMap<>();
        Path dir = root.resolve("var/log/pve/tasks");
        for (String name : List.of("active", "index")) {
            // index last: its ended entry replaces active's entry of the same task.
            for (GuestTask t : TaskLogParser.parse(tail(dir.resolve(name)))) {
                if (!t.startedAt().isBefore(since)) {
                    GuestTask prev = byUpid.get(t.upid());
                    if (prev == null || prev.endedAt() == null || t.endedAt() != null) {
                        byUpid.put(t.upid(), t);
                    }
                }
            }
        }
        List<GuestTask> out = new ArrayList<>(byUpid.values());
        out.sort(Comparator.comparing(GuestTask::startedAt));
        int max = Report.MAX_GUEST_TASKS;
        return out.size() > max ? List.copyOf(out.subList(out.size() - max, out.size())) : out;
    }

    /** The host's boot time from {@code btime} in {@code /proc/stat}, or null. */
    public Instant bootedAt() {
        for (String line : tail(root.resolve("proc/stat"))) {
            if (line.startsWith("btime ") && line.substring(6).strip().matches("\\d{1,12}")) {
                return Instant.ofEpochSecond(Long.parseLong(line.substring(6).strip()));
            }
        }
        return null;
    }

    /** The last 256 KiB of {@code file} as lines (all of it when smaller), or none. */
    public static List<String> tail(Path file) {
        if (!Files.isReadable(file)) {
            return List.of();
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - TAIL_BYTES);
            byte[] buf;
            if (len == 0) {
                // /proc files report no length: read them whole (they are small).
                buf = Files.readAllBytes(file);
            } else {
                buf = new byte[(int) (len - from)];
                f.seek(from);
                f.readFully(buf);
            }
            List<String> lines = new String(buf, StandardCharsets.UTF_8).lines().toList();
            // A tail that starts mid-line loses that line.
            return from > 0 && !lines.isEmpty() ? lines.subList(1, lines.size()) : lines;
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", file, e.toString());
            return List.of();
        }
    }
}

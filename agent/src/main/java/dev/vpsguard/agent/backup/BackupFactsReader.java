package dev.vpsguard.agent.backup;

import dev.vpsguard.agent.tasks.TaskLogReader;
import dev.vpsguard.protocol.BackupFacts;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the host's backup facts every {@code every}: the vzdump jobs of {@code /etc/pve/jobs.cfg}
 * (with the report's guests each takes), the guests' attempts in the vzdump task logs of the last
 * {@code lookback} (found through the task list, read from {@code /var/log/pve/tasks/<last hex
 * digit of the start>/<UPID>}, where pve-common writes them), and the backups on each storage a job
 * writes to, through {@code pvesm list}.
 */
public final class BackupFactsReader {
    private static final Logger LOG = LoggerFactory.getLogger(BackupFactsReader.class);
    private static final Pattern VZDUMP_UPID =
            Pattern.compile(
                    "^(UPID:[A-Za-z0-9-]+:[0-9A-Fa-f]{8}:[0-9A-Fa-f]{8,9}:([0-9A-Fa-f]{8}):vzdump:[^:\\s]*:[^:\\s]+:)(\\s|$)");

    private final Path root;
    private final BackupStorageReader storages;
    private final ZoneId hostZone;
    private final String node;
    private final Clock clock;
    private final Duration every;
    private final Duration lookback;
    private Instant last = Instant.MIN;

    public BackupFactsReader(
            Path root,
            BackupStorageReader storages,
            ZoneId hostZone,
            String node,
            Clock clock,
            Duration every,
            Duration lookback) {
        this.root = root;
        this.storages = storages;
        this.hostZone = hostZone;
        this.node = node;
        this.clock = clock;
        this.every = every;
        this.lookback = lookback;
    }

    /** {@code report} with backup facts when they are due, else unchanged. */
    public Report addTo(Report report) {
        Instant now = clock.instant();
        if (Duration.between(last, now).compareTo(every) < 0) {
            return report;
        }
        last = now;
        return report.withBackups(
                read(report.guests().stream().map(GuestSample::vmid).toList(), now));
    }

    /** The facts now, for the given guests of the host. */
    public BackupFacts read(List<Integer> guests, Instant now) {
        List<BackupFacts.Job> jobs = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        for (VzdumpJob j : JobsCfgParser.parse(lines(root.resolve("etc/pve/jobs.cfg")))) {
            List<Integer> taken = guests.stream().filter(v -> j.covers(v, node)).toList();
            String storage =
                    j.storage() != null && j.storage().matches("[A-Za-z][A-Za-z0-9._-]{0,63}")
                            ? j.storage()
                            : null;
            jobs.add(new BackupFacts.Job(j.id(), j.enabled(), j.schedule(), storage, taken));
            if (j.enabled() && storage != null) {
                targets.add(storage);
            }
        }
        List<BackupFacts.Run> runs = new ArrayList<>();
        for (Path log : taskLogs(now)) {
            VzdumpTask task = VzdumpLogParser.parse(lines(log), hostZone);
            String storage =
                    task.storage() != null && task.storage().matches("[A-Za-z][A-Za-z0-9._-]{0,63}")
                            ? task.storage()
                            : null;
            for (BackupRun r : task.runs()) {
                if (r.vmid() < 100) {
                    continue;
                }
                runs.add(
                        new BackupFacts.Run(
                                r.vmid(),
                                storage,
                                r.started(),
                                r.ended() != null
                                                && r.started() != null
                                                && r.ended().isBefore(r.started())
                                        ? null
                                        : r.ended(),
                                BackupFacts.Outcome.valueOf(r.outcome().name()),
                                r.error() == null
                                        ? null
                                        : r.error()
                                                .substring(0, Math.min(2048, r.error().length()))));
            }
        }
        List<BackupFacts.Volume> volumes = new ArrayList<>();
        List<BackupFacts.StorageError> unreadable = new ArrayList<>();
        for (String storage : targets) {
            BackupStorageReader.Listing l = storages.list(storage);
            if (l.error() != null) {
                unreadable.add(
                        new BackupFacts.StorageError(
                                storage,
                                l.error().substring(0, Math.min(2048, l.error().length()))));
                continue;
            }
            for (RestorePoint p : l.points()) {
                if (p.vmid() >= 100 && p.volid().length() <= 512) {
                    volumes.add(
                            new BackupFacts.Volume(
                                    storage, p.volid(), p.vmid(), p.created(), p.sizeBytes()));
                }
            }
        }
        return new BackupFacts(now, jobs, runs, volumes, unreadable);
    }

    /** The vzdump task logs started within the look-back, oldest first. */
    List<Path> taskLogs(Instant now) {
        long since = now.minus(lookback).getEpochSecond();
        Set<Path> out = new LinkedHashSet<>();
        Path dir = root.resolve("var/log/pve/tasks");
        for (String name : List.of("index", "active")) {
            for (String line : TaskLogReader.tail(dir.resolve(name))) {
                Matcher m = VZDUMP_UPID.matcher(line);
                if (m.find() && Long.parseLong(m.group(2), 16) >= since) {
                    String start = m.group(2);
                    Path log = dir.resolve(start.substring(7, 8).toUpperCase()).resolve(m.group(1));
                    if (Files.isReadable(log)) {
                        out.add(log);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<String> lines(Path file) {
        if (!Files.isReadable(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", file, e.toString());
            return List.of();
        }
    }
}

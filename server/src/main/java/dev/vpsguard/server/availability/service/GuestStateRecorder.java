package dev.vpsguard.server.availability.service;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestTask;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.availability.EpisodeTracker;
import dev.vpsguard.server.availability.GuestCondition;
import dev.vpsguard.server.availability.ProviderUsers;
import dev.vpsguard.server.availability.StateEpisode;
import dev.vpsguard.server.availability.store.EpisodeRepository;
import dev.vpsguard.server.availability.store.EpisodeRow;
import dev.vpsguard.server.availability.store.PowerTaskRepository;
import dev.vpsguard.server.availability.store.PowerTaskRow;
import dev.vpsguard.server.host.HostsConfig;
import dev.vpsguard.server.ingest.ReportListener;
import dev.vpsguard.server.ingest.StoredReport;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps each guest's state episodes from the reports, in the report's transaction: the report's
 * power tasks are stored once per UPID, then each guest's observation goes through {@link
 * EpisodeTracker}. Times are the report's {@code sentAt}: a report spooled while the server was
 * unreachable still describes its own moment, so a server outage is not a guest outage.
 */
@Singleton
public class GuestStateRecorder implements ReportListener {
    /** How far back a guest's tasks are looked up to explain a stop. */
    static final Duration TASK_MEMORY = Duration.ofDays(35);

    private final EpisodeRepository episodes;
    private final PowerTaskRepository tasks;
    private final Duration silentAfter;
    private final ProviderUsers providers;

    GuestStateRecorder(
            EpisodeRepository episodes,
            PowerTaskRepository tasks,
            HostsConfig hosts,
            AvailabilityConfig config) {
        this.episodes = episodes;
        this.tasks = tasks;
        this.silentAfter = hosts.silentAfter();
        this.providers = config.providers();
    }

    @Override
    public void stored(Report report, StoredReport stored) {
        if (report.guestTasks() != null) {
            for (GuestTask t : report.guestTasks()) {
                keep(report.hostId(), t);
            }
        }
        Instant at = report.sentAt();
        // The host's open episodes and recent tasks in two queries, and the usual change (an open
        // episode seen again) in one batch: no database round trip per guest on the ingest path.
        Map<String, EpisodeRow> open = new HashMap<>();
        for (EpisodeRow r : episodes.openOfHost(report.hostId())) {
            open.put(r.guestId(), r);
        }
        Map<Integer, List<PowerTaskRow>> byVmid = new HashMap<>();
        for (PowerTaskRow r : tasks.ofHostSince(report.hostId(), at.minus(TASK_MEMORY))) {
            byVmid.computeIfAbsent(r.vmid(), k -> new ArrayList<>()).add(r);
        }
        List<EpisodeRow> seen = new ArrayList<>();
        for (Map.Entry<String, GuestSample> e : stored.guests().entrySet()) {
            GuestSample s = e.getValue();
            observe(
                    report,
                    e.getKey(),
                    s,
                    at,
                    open.get(e.getKey()),
                    byVmid.getOrDefault(s.vmid(), List.of()),
                    seen);
        }
        // Seen again, each open episode moves only its last_seen_at, to the report's time: one
        // statement per distinct time (one), not an entity update per guest.
        Map<Instant, List<String>> seenAt = new HashMap<>();
        for (EpisodeRow r : seen) {
            seenAt.computeIfAbsent(r.lastSeenAt(), k -> new ArrayList<>()).add(r.id());
        }
        seenAt.forEach((time, ids) -> episodes.seen(ids, time));
    }

    private void keep(String hostId, GuestTask t) {
        PowerTaskRow row =
                new PowerTaskRow(
                        t.upid(),
                        hostId,
                        t.vmid(),
                        t.type(),
                        t.user(),
                        t.startedAt(),
                        t.endedAt(),
                        t.status());
        PowerTaskRow old = tasks.findById(t.upid()).orElse(null);
        if (old == null) {
            tasks.save(row);
        } else if (old.endedAt() == null && t.endedAt() != null) {
            tasks.update(row);
        }
    }

    private void observe(
            Report report,
            String guestId,
            GuestSample sample,
            Instant at,
            EpisodeRow open,
            List<PowerTaskRow> hostTasks,
            List<EpisodeRow> seen) {
        EpisodeTracker.Open current =
                open == null
                        ? null
                        : new EpisodeTracker.Open(
                                GuestCondition.valueOf(open.state()),
                                open.startedAt(),
                                open.lastSeenAt(),
                                open.evidence());
        List<GuestTask> known = new ArrayList<>();
        for (PowerTaskRow r : hostTasks) {
            known.add(
                    new GuestTask(
                            r.upid(),
                            r.vmid(),
                            r.taskType(),
                            r.userId(),
                            r.startedAt(),
                            r.endedAt(),
                            r.status()));
        }
        EpisodeTracker.Step step =
                EpisodeTracker.observe(
                        current,
                        at,
                        sample.status(),
                        sample.reach(),
                        known,
                        report.hostBootedAt(),
                        silentAfter,
                        providers);
        if (step.open() == current) {
            return;
        }
        if (open != null && step.closed().isEmpty()) {
            seen.add(
                    new EpisodeRow(
                            open.id(),
                            guestId,
                            open.state(),
                            open.startedAt(),
                            step.open().lastSeen(),
                            null,
                            open.evidence()));
            return;
        }
        for (int i = 0; i < step.closed().size(); i++) {
            StateEpisode c = step.closed().get(i);
            if (i == 0 && open != null) {
                episodes.update(
                        new EpisodeRow(
                                open.id(),
                                guestId,
                                open.state(),
                                open.startedAt(),
                                open.lastSeenAt(),
                                c.span().end(),
                                open.evidence()));
            } else {
                episodes.save(
                        new EpisodeRow(
                                UUID.randomUUID().toString(),
                                guestId,
                                c.condition().name(),
                                c.span().start(),
                                c.span().end(),
                                c.span().end(),
                                trim(c.evidence())));
            }
        }
        EpisodeTracker.Open o = step.open();
        episodes.save(
                new EpisodeRow(
                        UUID.randomUUID().toString(),
                        guestId,
                        o.condition().name(),
                        o.start(),
                        o.lastSeen(),
                        null,
                        trim(o.evidence())));
    }

    private static String trim(String s) {
        return s.length() > 1000 ? s.substring(0, 1000) : s;
    }
}

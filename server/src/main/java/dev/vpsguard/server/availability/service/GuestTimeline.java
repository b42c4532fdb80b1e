package dev.vpsguard.server.availability.service;

import dev.vpsguard.server.availability.EpisodeTracker;
import dev.vpsguard.server.availability.GuestCondition;
import dev.vpsguard.server.availability.MaintenanceWindow;
import dev.vpsguard.server.availability.Outage;
import dev.vpsguard.server.availability.Outages;
import dev.vpsguard.server.availability.Span;
import dev.vpsguard.server.availability.StateEpisode;
import dev.vpsguard.server.availability.store.EpisodeRepository;
import dev.vpsguard.server.availability.store.EpisodeRow;
import dev.vpsguard.server.availability.store.MaintenanceRepository;
import dev.vpsguard.server.availability.store.MaintenanceRow;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.host.Host;
import dev.vpsguard.server.host.HostRepository;
import dev.vpsguard.server.host.HostsConfig;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A guest's episodes and outages over a span as stored, plus what has not been reported yet: an
 * open episode whose host has been silent for longer than {@code silent-after} ends at its last
 * report and the rest, up to now, is the host's silence. A guest whose host still reports but no
 * longer lists it (deleted, migrated away) simply ends there.
 */
@Singleton
public class GuestTimeline {
    private final EpisodeRepository episodes;
    private final MaintenanceRepository maintenance;
    private final HostRepository hosts;
    private final Duration silentAfter;

    GuestTimeline(
            EpisodeRepository episodes,
            MaintenanceRepository maintenance,
            HostRepository hosts,
            HostsConfig config) {
        this.episodes = episodes;
        this.maintenance = maintenance;
        this.hosts = hosts;
        this.silentAfter = config.silentAfter();
    }

    public List<StateEpisode> episodes(Guest guest, Span window, Instant now) {
        List<StateEpisode> out = new ArrayList<>();
        Instant to = window.end().isAfter(now) ? now : window.end();
        for (EpisodeRow r : episodes.touching(guest.id(), window.start(), to)) {
            EpisodeTracker.Open o =
                    new EpisodeTracker.Open(
                            GuestCondition.valueOf(r.state()),
                            r.startedAt(),
                            r.lastSeenAt(),
                            r.evidence());
            if (r.endedAt() != null) {
                out.add(EpisodeTracker.episode(o, r.endedAt()));
                continue;
            }
            out.add(EpisodeTracker.episode(o, r.lastSeenAt()));
            Host host = hosts.findById(guest.hostId()).orElse(null);
            boolean hostSilent =
                    host != null
                            && host.lastReportAt() != null
                            && Duration.between(host.lastReportAt(), now).compareTo(silentAfter)
                                    > 0;
            if (hostSilent && r.lastSeenAt().isBefore(now)) {
                out.add(
                        new StateEpisode(
                                new Span(r.lastSeenAt(), now),
                                GuestCondition.HOST_SILENT,
                                "host silent: no report since " + host.lastReportAt()));
            }
        }
        List<StateEpisode> clipped = new ArrayList<>();
        for (StateEpisode e : out) {
            Span c =
                    e.span()
                            .clip(
                                    new Span(
                                            window.start(),
                                            to.isBefore(window.start()) ? window.start() : to));
            if (!c.isEmpty()) {
                clipped.add(new StateEpisode(c, e.condition(), e.evidence()));
            }
        }
        return clipped;
    }

    /** The guest's outages in {@code window}, maintenance windows applied. */
    public List<Outage> outages(Guest guest, Span window, Instant now) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (MaintenanceRow m :
                maintenance.overlapping(guest.hostId(), window.start(), window.end())) {
            windows.add(new MaintenanceWindow(new Span(m.startsAt(), m.endsAt()), m.reason()));
        }
        return Outages.of(guest.id(), episodes(guest, window, now), windows);
    }
}

package dev.vpsguard.server.host.silence;

import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.host.Host;
import dev.vpsguard.server.host.HostRepository;
import dev.vpsguard.server.host.HostSilenceRepository;
import dev.vpsguard.server.host.HostSilenceRow;
import dev.vpsguard.server.host.HostsConfig;
import dev.vpsguard.server.ingest.ReportListener;
import dev.vpsguard.server.ingest.StoredReport;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationQueue;
import dev.vpsguard.server.notify.NotificationType;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells support when a host stops reporting ({@code host_silent}) and when it reports again ({@code
 * host_back}), once per silence episode. The mark and the notification commit together: the sweeper
 * locks the host's row, so a report arriving at that moment either comes first (the host is not
 * silent) or after (it clears the mark and says {@code host_back}); two sweepers, on one server or
 * several sharing the database, cannot both mark the same silence.
 *
 * <p>For the first {@code silent-after} after the server starts, no host is marked: had the server
 * been down, every host would look silent until its agent retries. A host that never reported is
 * not watched: creating a host before installing its agent is the normal order of work, and the
 * host list shows it as never reported.
 */
@Singleton
public class HostSilence implements ReportListener {
    private static final Logger LOG = LoggerFactory.getLogger(HostSilence.class);

    private final HostRepository hosts;
    private final HostSilenceRepository silences;
    private final NotificationQueue notifications;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;
    private final Duration silentAfter;

    /** No host is called silent before this: the server itself was down before it started. */
    private final Instant graceUntil;

    HostSilence(
            HostRepository hosts,
            HostSilenceRepository silences,
            NotificationQueue notifications,
            TransactionOperations<Connection> transactions,
            Clock clock,
            HostsConfig config) {
        Duration silentAfter = config.silentAfter();
        this.hosts = hosts;
        this.silences = silences;
        this.notifications = notifications;
        this.transactions = transactions;
        this.clock = clock;
        this.silentAfter = silentAfter;
        this.graceUntil = clock.instant().plus(silentAfter);
    }

    /**
     * Marks every host silent for longer than {@code vpsguard.hosts.silent-after} and enqueues its
     * {@code host_silent}, one transaction per host.
     *
     * @return how many hosts were newly marked
     */
    @Scheduled(
            fixedDelay = "${vpsguard.hosts.silence-check-interval:30s}",
            initialDelay = "${vpsguard.hosts.silence-check-interval:30s}")
    public int sweep() {
        Instant now = clock.instant();
        if (now.isBefore(graceUntil)) {
            // After an outage of the server every host looks silent until its agent's retry
            // brings the spooled reports: give them the same delay as a running server would.
            return 0;
        }
        Instant cutoff = now.minus(silentAfter);
        int marked = 0;
        for (String id : silences.newlySilent(cutoff)) {
            try {
                Boolean done = transactions.executeWrite(status -> mark(id, now, cutoff));
                if (Boolean.TRUE.equals(done)) {
                    marked++;
                }
            } catch (RuntimeException e) {
                // Another server marked it first (the key), or the database is down: next sweep.
                LOG.warn("could not mark host {} silent: {}", id, e.toString());
            }
        }
        return marked;
    }

    private boolean mark(String hostId, Instant now, Instant cutoff) {
        Host host = hosts.findByIdForUpdate(hostId).orElse(null);
        if (host == null
                || host.lastReportAt() == null
                || !host.lastReportAt().isBefore(cutoff)
                || silences.existsById(hostId)) {
            return false;
        }
        silences.save(new HostSilenceRow(hostId, now, host.lastReportAt()));
        long silentFor = Duration.between(host.lastReportAt(), now).toSeconds();
        enqueue(
                host,
                NotificationType.HOST_SILENT,
                now,
                host.lastReportAt(),
                Map.of(
                        "secondsSinceLastReport",
                        silentFor,
                        "allowedSeconds",
                        silentAfter.toSeconds()),
                "no report since " + host.lastReportAt() + " (" + silentFor + " s)");
        LOG.warn("host {} ({}) silent since {}", host.name(), hostId, host.lastReportAt());
        return true;
    }

    /** A report from a host marked silent ends the episode, in the report's transaction. */
    @Override
    public void stored(Report report, StoredReport stored) {
        HostSilenceRow silence = silences.findById(report.hostId()).orElse(null);
        if (silence == null || silences.clear(report.hostId()) != 1) {
            return;
        }
        Instant now = clock.instant();
        Host host = hosts.findById(report.hostId()).orElseThrow();
        long silentFor = Duration.between(silence.lastReportAt(), now).toSeconds();
        enqueue(
                host,
                NotificationType.HOST_BACK,
                now,
                silence.lastReportAt(),
                Map.of("silentSeconds", silentFor),
                "reports again after " + silentFor + " s without a report");
        LOG.info("host {} ({}) reports again after {} s", host.name(), host.id(), silentFor);
    }

    private void enqueue(
            Host host,
            NotificationType type,
            Instant at,
            Instant lastReportAt,
            Map<String, Number> evidence,
            String reason) {
        // Stable per episode: the episode is named by the last report before it.
        UUID id =
                UUID.nameUUIDFromBytes(
                        (type.wireName() + "|" + host.id() + "|" + lastReportAt)
                                .getBytes(StandardCharsets.UTF_8));
        Notification.About about =
                Notification.About.host(id, at, new Notification.Host(host.id(), host.name()));
        Notification n =
                type == NotificationType.HOST_SILENT
                        ? new Notification.HostSilent(about, evidence, reason)
                        : new Notification.HostBack(about, evidence, reason);
        notifications.enqueue(List.of(n));
    }
}

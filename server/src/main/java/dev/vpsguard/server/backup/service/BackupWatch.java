package dev.vpsguard.server.backup.service;

import dev.vpsguard.server.availability.store.SlaTermsRepository;
import dev.vpsguard.server.backup.BackupCompliance;
import dev.vpsguard.server.backup.BackupFinding;
import dev.vpsguard.server.backup.BackupPolicy;
import dev.vpsguard.server.backup.BackupRunFact;
import dev.vpsguard.server.backup.GuestBackupStatus;
import dev.vpsguard.server.backup.RestorePointFact;
import dev.vpsguard.server.backup.store.BackupFindingRepository;
import dev.vpsguard.server.backup.store.BackupRows;
import dev.vpsguard.server.backup.store.CoverageRepository;
import dev.vpsguard.server.backup.store.RunRepository;
import dev.vpsguard.server.backup.store.VolumeRepository;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.host.Host;
import dev.vpsguard.server.host.HostRepository;
import dev.vpsguard.server.notify.AvailabilityNotification;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationQueue;
import dev.vpsguard.server.tenant.TenantRepository;
import dev.vpsguard.server.tenant.TenantRow;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Judges every guest whose contract promises backups against its stored facts, keeps the findings
 * in force, and tells support once when a finding appears (again after it cleared). Driven by the
 * scheduler, or by {@link #runOnce()} in tests.
 */
@Singleton
public class BackupWatch {
    /** A guest's status with where it lives, for the fleet view. */
    public record Row(Guest guest, TenantRow tenant, GuestBackupStatus status) {}

    private final GuestRepository guests;
    private final TenantRepository tenants;
    private final SlaTermsRepository terms;
    private final HostRepository hosts;
    private final CoverageRepository coverage;
    private final RunRepository runs;
    private final VolumeRepository volumes;
    private final BackupFindingRepository findings;
    private final NotificationQueue queue;
    private final Clock clock;

    BackupWatch(
            GuestRepository guests,
            TenantRepository tenants,
            SlaTermsRepository terms,
            HostRepository hosts,
            CoverageRepository coverage,
            RunRepository runs,
            VolumeRepository volumes,
            BackupFindingRepository findings,
            NotificationQueue queue,
            Clock clock) {
        this.guests = guests;
        this.tenants = tenants;
        this.terms = terms;
        this.hosts = hosts;
        this.coverage = coverage;
        this.runs = runs;
        this.volumes = volumes;
        this.findings = findings;
        this.queue = queue;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "10m")
    void scheduled() {
        runOnce();
    }

    /** Every guest under a backup promise, with its status now. */
    @Transactional(readOnly = true)
    public List<Row> fleet() {
        Instant now = clock.instant();
        List<Row> out = new ArrayList<>();
        for (TenantRow t : tenants.findAllOrderById()) {
            BackupPolicy policy = BackupPolicy.forContract(t.contract()).orElse(null);
            if (policy == null) {
                continue;
            }
            ZoneId zone =
                    terms.findById(t.id())
                            .map(r -> ZoneId.of(r.timeZone()))
                            .orElse(ZoneId.of("UTC"));
            for (Guest g : guests.page("", t.id(), "", 5000, 0)) {
                out.add(new Row(g, t, evaluate(policy, g, zone, now)));
            }
        }
        return out;
    }

    /** One pass: findings stored, new ones told to support; returns how many were new. */
    @Transactional
    public int runOnce() {
        Instant now = clock.instant();
        int raised = 0;
        for (Row r : fleet()) {
            Set<String> kinds = new HashSet<>();
            for (BackupFinding f : r.status().findings()) {
                String id = r.guest().id() + "|" + f.kind().name();
                kinds.add(id);
                if (findings.existsById(id)) {
                    continue;
                }
                findings.save(
                        new BackupRows.Finding(
                                id,
                                r.guest().id(),
                                f.kind().name(),
                                f.detail().length() > 1000
                                        ? f.detail().substring(0, 1000)
                                        : f.detail(),
                                now));
                tell(r, f, now);
                raised++;
            }
            for (BackupRows.Finding old : findings.ofGuest(r.guest().id())) {
                if (!kinds.contains(old.id())) {
                    findings.deleteById(old.id());
                }
            }
        }
        return raised;
    }

    private GuestBackupStatus evaluate(BackupPolicy policy, Guest g, ZoneId zone, Instant now) {
        boolean scheduled =
                coverage.ofGuest(g.hostId(), g.vmid()).stream()
                        .anyMatch(BackupRows.Coverage::enabled);
        List<BackupRunFact> runFacts = new ArrayList<>();
        for (BackupRows.Run r : runs.ofGuest(g.hostId(), g.vmid())) {
            runFacts.add(
                    new BackupRunFact(
                            g.id(),
                            r.startedAt(),
                            r.endedAt(),
                            BackupRunFact.Outcome.valueOf(r.outcome()),
                            r.error()));
        }
        List<RestorePointFact> points = new ArrayList<>();
        for (BackupRows.Volume v : volumes.ofGuest(g.hostId(), g.vmid())) {
            points.add(new RestorePointFact(g.id(), v.storage(), v.volid(), v.createdAt()));
        }
        return BackupCompliance.evaluate(policy, g.id(), scheduled, runFacts, points, now, zone);
    }

    private void tell(Row r, BackupFinding f, Instant now) {
        Guest g = r.guest();
        Host h = hosts.findById(g.hostId()).orElse(null);
        Notification.About about =
                new Notification.About(
                        UUID.nameUUIDFromBytes(
                                ("backup|" + g.id() + "|" + f.kind() + "|" + now)
                                        .getBytes(StandardCharsets.UTF_8)),
                        now,
                        new Notification.Host(g.hostId(), h == null ? null : h.name()),
                        new Notification.Guest(g.vmid(), g.name(), List.of()),
                        new Notification.Tenant(
                                r.tenant().id(),
                                r.tenant().contactEmail(),
                                Language.fromCode(r.tenant().language())));
        GuestBackupStatus s = r.status();
        queue.enqueue(
                List.of(
                        new AvailabilityNotification.BackupFindingRaised(
                                about,
                                Map.of(
                                        "dailyRestorePoints", s.dailyRestorePoints(),
                                        "failures", s.failures()),
                                f.clause(),
                                f.kind().name().toLowerCase() + ": " + f.detail())));
    }
}

package dev.vpsguard.server.backup.service;

import dev.vpsguard.protocol.BackupFacts;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.backup.store.BackupRows;
import dev.vpsguard.server.backup.store.CoverageRepository;
import dev.vpsguard.server.backup.store.RunRepository;
import dev.vpsguard.server.backup.store.VolumeRepository;
import dev.vpsguard.server.ingest.ReportListener;
import dev.vpsguard.server.ingest.StoredReport;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Stores a report's backup facts in its transaction: the jobs' coverage replaces the host's, each
 * attempt is kept once per guest and start (updated when seen again, e.g. finished), and each
 * storage listed replaces its backups; a storage that could not be listed keeps what it had.
 */
@Singleton
public class BackupFactsRecorder implements ReportListener {
    private final CoverageRepository coverage;
    private final RunRepository runs;
    private final VolumeRepository volumes;

    BackupFactsRecorder(CoverageRepository coverage, RunRepository runs, VolumeRepository volumes) {
        this.coverage = coverage;
        this.runs = runs;
        this.volumes = volumes;
    }

    @Override
    public void stored(Report report, StoredReport stored) {
        BackupFacts f = report.backups();
        if (f == null) {
            return;
        }
        String host = report.hostId();
        coverage.deleteHost(host);
        Set<String> listed = new LinkedHashSet<>();
        for (BackupFacts.Job j : f.jobs()) {
            for (int vmid : j.vmids()) {
                coverage.save(
                        new BackupRows.Coverage(
                                id(host, "" + vmid, j.id()),
                                host,
                                vmid,
                                j.id(),
                                j.enabled(),
                                j.storage(),
                                j.schedule()));
            }
            if (j.enabled() && j.storage() != null) {
                listed.add(j.storage());
            }
        }
        for (BackupFacts.Run r : f.runs()) {
            BackupRows.Run row =
                    new BackupRows.Run(
                            id(
                                    host,
                                    "" + r.vmid(),
                                    r.startedAt() != null
                                            ? r.startedAt().toString()
                                            : "" + r.error()),
                            host,
                            r.vmid(),
                            r.storage(),
                            r.startedAt(),
                            r.endedAt(),
                            r.outcome().name(),
                            r.error());
            if (runs.existsById(row.id())) {
                runs.update(row);
            } else {
                runs.save(row);
            }
        }
        f.volumes().forEach(v -> listed.add(v.storage()));
        f.unreadable().forEach(u -> listed.remove(u.storage()));
        for (String storage : listed) {
            volumes.deleteStorage(host, storage);
        }
        for (BackupFacts.Volume v : f.volumes()) {
            if (listed.contains(v.storage())) {
                volumes.save(
                        new BackupRows.Volume(
                                id(host, v.volid()),
                                host,
                                v.storage(),
                                v.volid(),
                                v.vmid(),
                                v.createdAt(),
                                v.sizeBytes()));
            }
        }
    }

    static String id(String... parts) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.vpsguard.server.backup.api;

import dev.vpsguard.server.backup.BackupFinding;
import dev.vpsguard.server.backup.service.BackupWatch;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.time.Instant;
import java.util.List;

/** Backup compliance across the fleet (any role): every guest under a backup promise. */
@Controller("/api/v1/backups")
public class BackupController {
    /** One guest's backup compliance. */
    @Introspected
    public record GuestBackupView(
            String guestId,
            String hostId,
            int vmid,
            String tenantId,
            String contract,
            boolean compliant,
            @Nullable Instant lastSuccess,
            int dailyRestorePoints,
            int failures,
            @Nullable String lastError,
            List<FindingView> findings) {}

    /** One finding. */
    @Introspected
    public record FindingView(String kind, String clause, String detail) {}

    private final BackupWatch watch;

    public BackupController(BackupWatch watch) {
        this.watch = watch;
    }

    @Get
    public List<GuestBackupView> fleet() {
        return watch.fleet().stream()
                .map(
                        r ->
                                new GuestBackupView(
                                        r.guest().id(),
                                        r.guest().hostId(),
                                        r.guest().vmid(),
                                        r.tenant().id(),
                                        r.tenant().contract(),
                                        r.status().compliant(),
                                        r.status().lastSuccess(),
                                        r.status().dailyRestorePoints(),
                                        r.status().failures(),
                                        r.status().lastError(),
                                        r.status().findings().stream()
                                                .map(BackupController::view)
                                                .toList()))
                .toList();
    }

    private static FindingView view(BackupFinding f) {
        return new FindingView(f.kind().name().toLowerCase(), f.clause(), f.detail());
    }
}

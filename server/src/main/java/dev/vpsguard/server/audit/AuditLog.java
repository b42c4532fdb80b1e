package dev.vpsguard.server.audit;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.UUID;

/** Writes audit entries, inside the caller's transaction when there is one. */
@Singleton
public class AuditLog {
    private final AuditRepository repository;
    private final Clock clock;

    public AuditLog(AuditRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Records that {@code actor} did {@code action} to {@code target}. */
    public void record(
            String actor, String action, @Nullable String target, @Nullable String detail) {
        repository.save(
                new AuditRecord(
                        UUID.randomUUID().toString(),
                        clock.instant(),
                        actor,
                        action,
                        target,
                        detail));
    }
}

package dev.vpsguard.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * An audit entry as the API shows it: the fields of {@link AuditRecord}, its {@code detail} as a
 * JSON object ({@link AuditDetail}).
 */
@Introspected
public record AuditView(
        String id,
        Instant at,
        String actor,
        String action,
        @Nullable String target,
        @Nullable JsonNode detail) {
    static AuditView of(AuditRecord r) {
        return new AuditView(
                r.id(), r.at(), r.actor(), r.action(), r.target(), AuditDetail.of(r.detail()));
    }
}

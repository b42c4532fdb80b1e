package dev.vpsguard.server.tenant;

import io.micronaut.core.annotation.Introspected;
import java.time.Instant;

/** A tenant as the API shows it: the fields of {@link TenantRow}. */
@Introspected
public record TenantView(
        String id,
        String name,
        String contactEmail,
        String language,
        String contract,
        Instant createdAt,
        Instant updatedAt) {
    static TenantView of(TenantRow t) {
        return new TenantView(
                t.id(),
                t.name(),
                t.contactEmail(),
                t.language(),
                t.contract(),
                t.createdAt(),
                t.updatedAt());
    }
}

package dev.vpsguard.server.tenant;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A hosting customer as stored.
 *
 * @param id the tenant's id, chosen by the operator ({@code [a-z0-9-]}, up to 64)
 * @param name its name
 * @param contactEmail where notices go (S6, N1)
 * @param language {@code fr} or {@code en}
 * @param contract the id of a loaded contract policy
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
@Introspected
@MappedEntity("tenants")
public record TenantRow(
        @Id String id,
        String name,
        String contactEmail,
        String language,
        String contract,
        Instant createdAt,
        Instant updatedAt) {}

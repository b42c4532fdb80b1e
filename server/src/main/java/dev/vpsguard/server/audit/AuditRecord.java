package dev.vpsguard.server.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One audited mutation: who did what to what, when.
 *
 * @param id the entry's id
 * @param at when it happened
 * @param actor who: {@code admin:<tokenId>}, {@code host:<hostId>} or {@code system}
 * @param action what, e.g. {@code host.create}
 * @param target the id of what it was done to (nullable)
 * @param detail more, in words (nullable)
 */
@MappedEntity("audit")
public record AuditRecord(
        @Id String id,
        Instant at,
        String actor,
        String action,
        @Nullable String target,
        @Nullable String detail) {}

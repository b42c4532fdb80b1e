package dev.vpsguard.server.decision.resource;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One guest's resource ladders, persisted.
 *
 * @param guestId the guest
 * @param state a JSON list of {@link dev.vpsguard.server.ladder.ResourceLadderState}, one per quota
 *     with any history
 * @param version rises by one on every write
 * @param updatedAt when it was last written
 */
@MappedEntity("resource_ladders")
public record ResourceLadderRow(
        @Id String guestId, String state, long version, Instant updatedAt) {}

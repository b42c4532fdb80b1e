package dev.vpsguard.server.availability.store;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** One guest state episode; {@code endedAt} null while it is open. */
@Introspected
@MappedEntity("guest_state_episodes")
public record EpisodeRow(
        @Id String id,
        String guestId,
        String state,
        Instant startedAt,
        Instant lastSeenAt,
        @Nullable Instant endedAt,
        String evidence) {}

package dev.vpsguard.server.guest;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * What ingest needs of a host's stored guests to tell new guests from known ones, and a row that
 * must be rewritten (its inventory changed, its sample is old) from one that only moves {@code
 * last_seen_at}: the row without its sample.
 */
@Introspected
public record GuestStored(
        String id,
        int vmid,
        String kind,
        @Nullable String name,
        String status,
        @Nullable Integer cores,
        @Nullable Long memoryBytes,
        @Nullable String nics,
        @Nullable Instant lastSampleAt) {}

package dev.vpsguard.server.detect;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@link ResourceAbuseDetector} remembers about one guest: since when each quota has been
 * exceeded, and when it last reported it. One instance per guest, owned by the caller.
 */
public final class ResourceGuestState {
    final Map<ResourceKind, Instant> overSince = new EnumMap<>(ResourceKind.class);
    final Map<ResourceKind, Instant> lastReported = new EnumMap<>(ResourceKind.class);
    Instant lastAt;

    /** Since when this quota has been exceeded without a break, or null. */
    public Instant overSince(ResourceKind kind) {
        return overSince.get(kind);
    }
}

package dev.vpsguard.server.detect;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@link ResourceAbuseDetector} remembers about one guest: since when each quota has been
 * exceeded, when it last reported it, and the time of the last sample. One instance per guest,
 * owned by the caller; {@link #snapshot()} and {@link #restore} carry it across a restart.
 */
public final class ResourceGuestState {
    final Map<ResourceKind, Instant> overSince = new EnumMap<>(ResourceKind.class);
    final Map<ResourceKind, Instant> lastReported = new EnumMap<>(ResourceKind.class);
    Instant lastAt;

    /** Since when this quota has been exceeded without a break, or null. */
    public Instant overSince(ResourceKind kind) {
        return overSince.get(kind);
    }

    /** The time of the last sample observed, or null. */
    public Instant lastAt() {
        return lastAt;
    }

    /**
     * An immutable copy of the state, for persistence.
     *
     * @param overSince per quota exceeded without a break: since when
     * @param lastReported per quota: when its last finding was raised
     * @param lastAt the time of the last sample observed
     */
    public record Snapshot(
            Map<ResourceKind, Instant> overSince,
            Map<ResourceKind, Instant> lastReported,
            Instant lastAt) {
        public Snapshot {
            overSince = Map.copyOf(overSince == null ? Map.of() : overSince);
            lastReported = Map.copyOf(lastReported == null ? Map.of() : lastReported);
        }

        /** Whether an episode of abuse is under way (something to lose on a restart). */
        public boolean inEpisode() {
            return !overSince.isEmpty();
        }

        /** The same episodes: only the sample time differs. */
        public boolean sameEpisodes(Snapshot other) {
            return overSince.equals(other.overSince) && lastReported.equals(other.lastReported);
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(overSince, lastReported, lastAt);
    }

    /** A state that continues from {@code s}. */
    public static ResourceGuestState restore(Snapshot s) {
        ResourceGuestState state = new ResourceGuestState();
        state.overSince.putAll(s.overSince());
        state.lastReported.putAll(s.lastReported());
        state.lastAt = s.lastAt();
        return state;
    }
}

package dev.vpsguard.server.decision.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.decision.DetectionConfig;
import dev.vpsguard.server.decision.GuestStateCache;
import dev.vpsguard.server.decision.GuestStateCaches;
import dev.vpsguard.server.decision.LadderJson;
import dev.vpsguard.server.detect.ResourceAbuseDetector;
import dev.vpsguard.server.detect.ResourceGuestState;
import dev.vpsguard.server.detect.ResourceKind;
import dev.vpsguard.server.ladder.ResourceEvent;
import dev.vpsguard.server.ladder.ResourceLadder;
import dev.vpsguard.server.ladder.ResourceLadderState;
import dev.vpsguard.server.ladder.ResourceLadderStep;
import dev.vpsguard.server.policy.ResourcePolicy;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every guest's resource ladders, one per quota: held in memory (Caffeine, idle guests evicted) and
 * rebuilt from the persisted row on a miss, so a restart neither forgets a throttle nor an action
 * waiting for approval. Changes are written under the row's lock, with the state re-read when
 * another writer got there first. A step that only moves time stays in memory; the time the guest
 * was last over a quota is written at most once a minute (it decides when a throttle lifts).
 */
@Singleton
class ResourceLadders {
    /** How stale the persisted "last over the quota" time may get. */
    static final Duration FINDING_TIME_WRITE_INTERVAL = Duration.ofMinutes(1);

    private static final TypeReference<List<ResourceLadderState>> STATES = new TypeReference<>() {};

    private final GuestStateCache<ResourceMemory> memory;
    private final ResourceLadderRepository rows;
    private final ResourceDetectorRepository detectors;
    private final Clock clock;

    ResourceLadders(
            ResourceLadderRepository rows,
            ResourceDetectorRepository detectors,
            TransactionOperations<Connection> transactions,
            Clock clock,
            DetectionConfig config,
            GuestStateCaches caches) {
        this.rows = rows;
        this.detectors = detectors;
        this.clock = clock;
        this.memory = caches.register(new GuestStateCache<>(config, transactions, this::load));
    }

    /** The guest's memory, loaded from the database on a miss. */
    ResourceMemory memory(String guestId) {
        return memory.get(guestId);
    }

    /**
     * Loads the memory of those of a report's guests not held yet in two queries (their ladder and
     * detector rows) instead of two per guest.
     */
    void preload(Collection<String> guestIds) {
        memory.preload(guestIds, this::loadAll);
    }

    /**
     * Drops these guests' memory if the current transaction rolls back: the detector and the
     * ladders moved in memory for a report the database does not have. The next report reloads them
     * from their rows.
     */
    void forgetOnRollback(Collection<String> guestIds) {
        memory.forgetOnRollback(guestIds);
    }

    /**
     * Persists the detector's state if a restart would otherwise lose something: an episode began,
     * ended or raised a finding, or one goes on and the stored sample time is a minute old (the
     * detector breaks an episode after {@link ResourceAbuseDetector#MAX_SAMPLE_GAP} without a
     * sample, so the stored time must stay close). Nothing is written for a guest that never
     * exceeded a quota. The caller holds {@code m}'s monitor, inside the report's transaction.
     */
    void saveDetector(ResourceMemory m) {
        ResourceGuestState.Snapshot now = m.detector.snapshot();
        ResourceGuestState.Snapshot written = m.detectorWritten;
        boolean write;
        if (written == null) {
            write = now.inEpisode();
        } else if (!now.sameEpisodes(written)) {
            write = true;
        } else {
            write =
                    now.inEpisode()
                            && written.lastAt() != null
                            && now.lastAt() != null
                            && Duration.between(written.lastAt(), now.lastAt())
                                            .compareTo(FINDING_TIME_WRITE_INTERVAL)
                                    >= 0;
        }
        if (!write) {
            return;
        }
        ResourceDetectorRow row =
                new ResourceDetectorRow(m.guestId, LadderJson.write(now), clock.instant());
        if (written == null && !detectors.existsById(m.guestId)) {
            detectors.save(row);
        } else {
            detectors.update(row);
        }
        m.detectorWritten = now;
    }

    /** The changes of one application of events: the state before, and each quota's step. */
    record Applied(
            Map<ResourceKind, ResourceLadderState> before,
            Map<ResourceKind, ResourceLadderStep> steps) {}

    /**
     * Applies one event per quota, each built for the current time, and persists what changed. Must
     * run inside a transaction, and the caller must hold {@code m}'s monitor; {@code carryOut} runs
     * before the memory is updated, on the state the step was applied to.
     */
    Applied apply(
            ResourceMemory m,
            ResourcePolicy policy,
            Map<ResourceKind, Function<Instant, ResourceEvent>> events,
            java.util.function.Consumer<Applied> carryOut) {
        Map<ResourceKind, ResourceLadderState> base = m.ladders;
        Map<ResourceKind, ResourceLadderStep> steps = run(base, events, policy);
        if (!needsWrite(m, base, steps)) {
            m.ladders = states(base, steps);
            return new Applied(base, steps);
        }
        Optional<ResourceLadderRow> row = rows.findByGuestIdForUpdate(m.guestId);
        long stored = row.map(ResourceLadderRow::version).orElse(0L);
        if (stored != m.version) {
            base = row.map(r -> read(m.guestId, r.state())).orElseGet(() -> empty(m.guestId));
            steps = run(base, events, policy);
        }
        Map<ResourceKind, ResourceLadderState> next = states(base, steps);
        Instant updated =
                next.values().stream()
                        .map(ResourceLadderState::lastEventAt)
                        .filter(Objects::nonNull)
                        .max(Instant::compareTo)
                        .orElse(clock.instant());
        ResourceLadderRow saved =
                new ResourceLadderRow(m.guestId, write(next), stored + 1, updated);
        if (row.isPresent()) {
            rows.update(saved);
        } else {
            rows.save(saved);
        }
        Applied applied = new Applied(base, steps);
        carryOut.accept(applied);
        m.ladders = next;
        m.version = stored + 1;
        m.writtenFindingAt.clear();
        next.forEach(
                (k, s) -> {
                    if (s.lastFindingAt() != null) {
                        m.writtenFindingAt.put(k, s.lastFindingAt());
                    }
                });
        return applied;
    }

    private Map<ResourceKind, ResourceLadderStep> run(
            Map<ResourceKind, ResourceLadderState> base,
            Map<ResourceKind, Function<Instant, ResourceEvent>> events,
            ResourcePolicy policy) {
        Instant now = clock.instant();
        Map<ResourceKind, ResourceLadderStep> steps = new EnumMap<>(ResourceKind.class);
        events.forEach(
                (kind, event) -> {
                    ResourceLadderState s = base.get(kind);
                    // The server's time, never before the ladder's last event (time order).
                    Instant at =
                            s.lastEventAt() != null && now.isBefore(s.lastEventAt())
                                    ? s.lastEventAt()
                                    : now;
                    steps.put(kind, ResourceLadder.apply(s, event.apply(at), policy));
                });
        return steps;
    }

    private static Map<ResourceKind, ResourceLadderState> states(
            Map<ResourceKind, ResourceLadderState> base,
            Map<ResourceKind, ResourceLadderStep> steps) {
        Map<ResourceKind, ResourceLadderState> out = new EnumMap<>(base);
        steps.forEach((k, s) -> out.put(k, s.state()));
        return out;
    }

    /**
     * Whether a step must be persisted: it decided or audited something, changed more than time, or
     * moved the last time over a quota by a minute or more since it was written.
     */
    private static boolean needsWrite(
            ResourceMemory m,
            Map<ResourceKind, ResourceLadderState> base,
            Map<ResourceKind, ResourceLadderStep> steps) {
        for (Map.Entry<ResourceKind, ResourceLadderStep> e : steps.entrySet()) {
            ResourceLadderStep step = e.getValue();
            if (!step.decisions().isEmpty() || !step.audit().isEmpty()) {
                return true;
            }
            if (!withoutTimes(step.state()).equals(withoutTimes(base.get(e.getKey())))) {
                return true;
            }
            Instant written = m.writtenFindingAt.get(e.getKey());
            Instant now = step.state().lastFindingAt();
            if (written == null
                    ? now != null
                    : now == null
                            || Duration.between(written, now).compareTo(FINDING_TIME_WRITE_INTERVAL)
                                    >= 0) {
                return true;
            }
        }
        return false;
    }

    private static ResourceLadderState withoutTimes(ResourceLadderState s) {
        return new ResourceLadderState(
                s.guest(),
                s.kind(),
                s.level(),
                s.lastStepAt(),
                null,
                s.pending(),
                s.pendingSince(),
                s.enforced(),
                null);
    }

    private Map<String, ResourceMemory> loadAll(Set<? extends String> guestIds) {
        List<String> ids = List.copyOf(guestIds);
        Map<String, ResourceLadderRow> ladderRows = new HashMap<>();
        for (ResourceLadderRow r : rows.findByGuestIdIn(ids)) {
            ladderRows.put(r.guestId(), r);
        }
        Map<String, ResourceDetectorRow> detectorRows = new HashMap<>();
        for (ResourceDetectorRow d : detectors.findByGuestIdIn(ids)) {
            detectorRows.put(d.guestId(), d);
        }
        Map<String, ResourceMemory> out = new HashMap<>();
        for (String id : ids) {
            out.put(id, memory(id, ladderRows.get(id), detectorRows.get(id)));
        }
        return out;
    }

    private ResourceMemory load(String guestId) {
        return memory(
                guestId,
                rows.findById(guestId).orElse(null),
                detectors.findById(guestId).orElse(null));
    }

    private static ResourceMemory memory(
            String guestId, ResourceLadderRow row, ResourceDetectorRow detector) {
        return new ResourceMemory(
                guestId,
                row == null ? empty(guestId) : read(guestId, row.state()),
                row == null ? 0L : row.version(),
                detector == null ? null : readDetector(detector.state()));
    }

    private static ResourceGuestState.Snapshot readDetector(String json) {
        try {
            return ProtocolJson.mapper().readValue(json, ResourceGuestState.Snapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored resource detector does not read: " + e, e);
        }
    }

    static Map<ResourceKind, ResourceLadderState> empty(String guestId) {
        Map<ResourceKind, ResourceLadderState> out = new EnumMap<>(ResourceKind.class);
        for (ResourceKind k : ResourceKind.values()) {
            out.put(k, ResourceLadderState.empty(guestId, k));
        }
        return out;
    }

    private static Map<ResourceKind, ResourceLadderState> read(String guestId, String json) {
        Map<ResourceKind, ResourceLadderState> out = empty(guestId);
        try {
            for (ResourceLadderState s : ProtocolJson.mapper().readValue(json, STATES)) {
                out.put(s.kind(), s);
            }
        } catch (JsonProcessingException e) {
            // Written by this server: a state that no longer reads is a bug, not bad input.
            throw new IllegalStateException("stored resource ladders do not read: " + e, e);
        }
        return out;
    }

    /** Only the quotas with an open episode are written; the others read back as empty. */
    private static String write(Map<ResourceKind, ResourceLadderState> states) {
        List<ResourceLadderState> out = new ArrayList<>();
        for (ResourceLadderState s : states.values()) {
            if (s.level() != null
                    || s.pending() != null
                    || !s.enforced().isEmpty()
                    || s.lastFindingAt() != null) {
                out.add(s);
            }
        }
        return LadderJson.write(out);
    }
}

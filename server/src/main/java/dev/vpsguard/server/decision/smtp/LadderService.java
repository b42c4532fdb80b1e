package dev.vpsguard.server.decision.smtp;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.decision.DetectionConfig;
import dev.vpsguard.server.decision.GuestStateCache;
import dev.vpsguard.server.decision.GuestStateCaches;
import dev.vpsguard.server.decision.LadderJson;
import dev.vpsguard.server.detect.SpamGuestState;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.ladder.LadderDecision;
import dev.vpsguard.server.ladder.LadderEvent;
import dev.vpsguard.server.ladder.LadderStep;
import dev.vpsguard.server.ladder.SmtpBlock;
import dev.vpsguard.server.ladder.SmtpLadderState;
import dev.vpsguard.server.ladder.StrikeLadder;
import dev.vpsguard.server.policy.LadderPolicy;
import dev.vpsguard.server.tenant.GuestTenant;
import dev.vpsguard.server.tenant.TenantChanged;
import dev.vpsguard.server.tenant.TenantRepository;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every guest's SMTP ladder: held in memory (Caffeine, idle guests evicted) and rebuilt from the
 * persisted state on a miss, so a restart neither forgets an active block nor counts it twice (the
 * spam detector's state is rebuilt too, on the guest's next window: {@link SpamDetection}). Changes
 * are written under the ladder row's lock, with the state re-read when another writer got there
 * first; a step that changes nothing (the usual tick) stays in memory.
 */
@Singleton
public class LadderService {
    private final GuestStateCache<GuestMemory> memory;
    private final LadderRepository ladders;
    private final GuestRepository guests;
    private final TenantRepository tenants;
    private final SmtpDecisions decisions;
    private final SmtpWindowRepository windows;
    private final Clock clock;

    LadderService(
            LadderRepository ladders,
            GuestRepository guests,
            TenantRepository tenants,
            SmtpDecisions decisions,
            TransactionOperations<Connection> transactions,
            SmtpWindowRepository windows,
            Clock clock,
            DetectionConfig config,
            GuestStateCaches caches) {
        this.ladders = ladders;
        this.guests = guests;
        this.tenants = tenants;
        this.decisions = decisions;
        this.windows = windows;
        this.clock = clock;
        this.memory = caches.register(new GuestStateCache<>(config, transactions, this::load));
    }

    /** The guest's memory, loaded from the database on a miss; 404 for an unknown guest. */
    public GuestMemory memory(String guestId) {
        return memory.get(guestId);
    }

    /**
     * Loads the memory of those of a report's guests not held yet in two queries for the whole host
     * (its guests' tenants, their ladder rows) instead of three per guest: with thousands of hosts,
     * every guest is first seen after a start, an eviction or a Kafka rebalance.
     *
     * @param hostId the reporting host
     * @param vmids guest id → vmid of the report's guests, all stored on {@code hostId}
     */
    public void preload(String hostId, Map<String, Integer> vmids) {
        memory.preload(vmids.keySet(), missing -> loadAll(hostId, missing, vmids));
    }

    /** The guest's ladder state as held (scheduled lifts that are due happen on the next event). */
    public SmtpLadderState state(String guestId) {
        GuestMemory m = memory(guestId);
        synchronized (m) {
            return m.ladder;
        }
    }

    /** Keeps a held guest's tenant current after {@code PUT /guests/{id}/tenant}. */
    @EventListener
    public void tenantChanged(TenantChanged change) {
        GuestMemory m = memory.getIfPresent(change.guestId());
        if (m != null) {
            m.tenantId = change.tenantId();
        }
    }

    /** The id of the guest's block at {@code seq} (1-based). */
    String blockId(String guestId, int seq) {
        return decisions.blockId(guestId, seq);
    }

    /** The tenant of a guest as held in memory. */
    public String tenantOf(String guestId) {
        return memory(guestId).tenantId;
    }

    /**
     * Drops these guests' memory if the current transaction does not commit. What the transaction
     * took into memory (detector windows, a ladder step and its version) was never stored: kept, it
     * would claim a block the database does not have, and the agent's retry of the same report
     * would be ignored as an old window. The next event reloads the guest from the database.
     */
    public void forgetOnRollback(Collection<String> guestIds) {
        memory.forgetOnRollback(guestIds);
    }

    /**
     * Applies the event built for the current time and persists what changed. Must run inside a
     * transaction; if it rolls back, the guest's memory is dropped ({@link #forgetOnRollback}).
     */
    public LadderStep apply(
            GuestMemory m, LadderPolicy policy, Function<Instant, LadderEvent> event) {
        synchronized (m) {
            SmtpLadderState base = m.ladder;
            LadderStep step = StrikeLadder.apply(base, event.apply(timeFor(base)), policy);
            if (step.decisions().isEmpty() && step.audit().isEmpty()) {
                m.ladder = step.state();
                return step;
            }
            forgetOnRollback(List.of(m.guestId));
            Optional<LadderRow> row = ladders.findByGuestIdForUpdate(m.guestId);
            long stored = row.map(LadderRow::version).orElse(0L);
            if (stored != m.version) {
                base =
                        row.map(r -> LadderJson.read(r.state()))
                                .orElse(SmtpLadderState.empty(m.guestId));
                step = StrikeLadder.apply(base, event.apply(timeFor(base)), policy);
            }
            SmtpLadderState next = step.state();
            LadderRow saved =
                    new LadderRow(
                            m.guestId, LadderJson.write(next), stored + 1, next.lastEventAt());
            if (row.isPresent()) {
                ladders.update(saved);
            } else {
                ladders.save(saved);
            }
            decisions.carryOut(m, base, step, policy);
            m.ladder = next;
            m.version = stored + 1;
            if (step.decisions().stream()
                    .anyMatch(d -> d instanceof LadderDecision.LiftSmtpBlock)) {
                // The windows before the lift were the evidence of the block that just ended:
                // left in place they would start the next strike on the first quiet report. The
                // stored ones go too, or a restart would rebuild them (SpamDetection).
                m.spam = new SpamGuestState();
                windows.deleteByGuestId(m.guestId);
            }
            return step;
        }
    }

    /**
     * Lifts the guest's block now if its scheduled lift is due, so that a report arriving after the
     * lift time is observed by a detector that no longer holds the block's evidence.
     */
    void liftIfDue(GuestMemory m, LadderPolicy policy) {
        synchronized (m) {
            Optional<SmtpBlock> active = m.ladder.activeBlock();
            if (active.isEmpty()
                    || active.get().scheduledLiftAt() == null
                    || timeFor(m.ladder).isBefore(active.get().scheduledLiftAt())) {
                return;
            }
        }
        apply(m, policy, LadderEvent.Tick::new);
    }

    /** The server's time, never before the ladder's last event (the ladder needs time order). */
    private Instant timeFor(SmtpLadderState s) {
        Instant now = clock.instant();
        return s.lastEventAt() != null && now.isBefore(s.lastEventAt()) ? s.lastEventAt() : now;
    }

    private Map<String, GuestMemory> loadAll(
            String hostId, Set<? extends String> guestIds, Map<String, Integer> vmids) {
        Map<String, String> tenantOf = new HashMap<>();
        for (GuestTenant t : tenants.tenantsOfHostGuests(hostId)) {
            tenantOf.put(t.guestId(), t.tenantId());
        }
        Map<String, LadderRow> rows = new HashMap<>();
        for (LadderRow r : ladders.findByGuestIdIn(List.copyOf(guestIds))) {
            rows.put(r.guestId(), r);
        }
        Map<String, GuestMemory> out = new HashMap<>();
        for (String id : guestIds) {
            LadderRow row = rows.get(id);
            out.put(
                    id,
                    new GuestMemory(
                            id,
                            hostId,
                            vmids.get(id),
                            tenantOf.get(id),
                            row == null ? SmtpLadderState.empty(id) : LadderJson.read(row.state()),
                            row == null ? 0L : row.version()));
        }
        return out;
    }

    private GuestMemory load(String guestId) {
        Guest g =
                guests.findById(guestId)
                        .orElseThrow(() -> ApiException.notFound("no guest " + guestId));
        Optional<LadderRow> row = ladders.findById(guestId);
        SmtpLadderState state =
                row.map(r -> LadderJson.read(r.state())).orElse(SmtpLadderState.empty(guestId));
        return new GuestMemory(
                guestId,
                g.hostId(),
                g.vmid(),
                tenants.tenantOfGuest(guestId).orElse(null),
                state,
                row.map(LadderRow::version).orElse(0L));
    }
}

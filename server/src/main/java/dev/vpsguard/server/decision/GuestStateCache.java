package dev.vpsguard.server.decision;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vpsguard.server.tx.TransactionHooks;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What both ladders hold in memory per guest between reports (the SMTP ladder's {@code
 * GuestMemory}, the resource ladders' {@code ResourceMemory}): loaded from the guest's versioned
 * row on a miss, idle guests evicted, and dropped when the transaction that moved it rolls back, so
 * that memory never claims a state the database does not have.
 *
 * @param <M> the held state, guarded by its own monitor
 */
public final class GuestStateCache<M> {
    private final Cache<String, M> memory;
    private final Function<String, M> load;
    private final TransactionOperations<Connection> transactions;

    public GuestStateCache(
            DetectionConfig config,
            TransactionOperations<Connection> transactions,
            Function<String, M> load) {
        this.memory =
                Caffeine.newBuilder()
                        .expireAfterAccess(config.idleEviction())
                        .maximumSize(config.maxGuests())
                        .build();
        this.load = load;
        this.transactions = transactions;
    }

    /** The guest's state, loaded from the database on a miss. */
    public M get(String guestId) {
        return memory.get(guestId, load);
    }

    /**
     * Loads the state of those of {@code guestIds} not held, all at once: a report's first-seen
     * guests cost a few queries for the whole host instead of a few per guest. A guest the bulk
     * load leaves out is loaded alone by its next {@link #get}.
     */
    public void preload(
            Collection<String> guestIds, Function<Set<? extends String>, Map<String, M>> loadAll) {
        if (!guestIds.isEmpty()) {
            memory.getAll(guestIds, loadAll);
        }
    }

    /** The guest's state if held, else null (nothing is loaded). */
    public M getIfPresent(String guestId) {
        return memory.getIfPresent(guestId);
    }

    /** Drops these guests' state now. */
    public void invalidateAll(Collection<String> guestIds) {
        memory.invalidateAll(guestIds);
    }

    /** Drops these guests' state if the current transaction does not commit. */
    public void forgetOnRollback(Collection<String> guestIds) {
        if (!guestIds.isEmpty()) {
            List<String> ids = List.copyOf(guestIds);
            TransactionHooks.afterRollback(transactions, () -> memory.invalidateAll(ids));
        }
    }
}

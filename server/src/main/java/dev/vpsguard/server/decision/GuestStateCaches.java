package dev.vpsguard.server.decision;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every {@link GuestStateCache} of this node, so that the memory of guests whose reports another
 * node now handles (a Kafka partition that moved) can be dropped at once: held, it would be stale
 * when the partition comes back. Each cache reloads a dropped guest from the database on its next
 * event.
 */
@Singleton
public class GuestStateCaches {
    private final List<GuestStateCache<?>> caches = new CopyOnWriteArrayList<>();

    /** Registers {@code cache} and returns it. */
    public <M> GuestStateCache<M> register(GuestStateCache<M> cache) {
        caches.add(cache);
        return cache;
    }

    /** Drops these guests' state from every cache. */
    public void forget(Collection<String> guestIds) {
        if (!guestIds.isEmpty()) {
            caches.forEach(c -> c.invalidateAll(guestIds));
        }
    }

    /** How many of these guests some cache holds (for tests and logs). */
    public long held(Collection<String> guestIds) {
        return guestIds.stream()
                .filter(id -> caches.stream().anyMatch(c -> c.getIfPresent(id) != null))
                .count();
    }
}

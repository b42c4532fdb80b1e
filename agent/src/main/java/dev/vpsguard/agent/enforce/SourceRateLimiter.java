package dev.vpsguard.agent.enforce;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Allows each source address at most {@code limit} connections per fixed window and notice. Keyed
 * by the notice too, so a new block of the same guest (a new ticket) starts with a full budget
 * instead of inheriting the answers a bot spent on the previous block. Memory is bounded: at most
 * {@code maxSources} keys are tracked, each forgotten one window after its last use. Time comes
 * from the injected {@link Ticker} (nanoseconds), so tests move it by hand.
 */
final class SourceRateLimiter {
    private final int limit;
    private final long windowNanos;
    private final Ticker ticker;
    private final Cache<Key, long[]> windows;

    /**
     * @param limit connections allowed per source per window
     * @param window the window length
     * @param maxSources how many sources to track at most
     */
    SourceRateLimiter(int limit, Duration window, int maxSources, Ticker ticker) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.ticker = ticker;
        this.windows =
                Caffeine.newBuilder()
                        .ticker(ticker)
                        .maximumSize(maxSources)
                        .expireAfterAccess(window)
                        .build();
    }

    /** Counts one connection from {@code source}; false when over the limit for this window. */
    boolean tryAcquire(InetAddress source) {
        return tryAcquire(source, "");
    }

    /**
     * Counts one connection from {@code source} while it is told {@code notice}; false when over
     * the limit for this window.
     */
    boolean tryAcquire(InetAddress source, String notice) {
        long now = ticker.read();
        long[] w =
                windows.get(
                        new Key(source, notice == null ? "" : notice), k -> new long[] {now, 0});
        synchronized (w) {
            if (now - w[0] >= windowNanos) {
                w[0] = now;
                w[1] = 0;
            }
            w[1]++;
            return w[1] <= limit;
        }
    }

    private record Key(InetAddress source, String notice) {}
}

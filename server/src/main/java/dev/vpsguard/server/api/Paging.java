package dev.vpsguard.server.api;

import io.micronaut.core.annotation.Nullable;

/**
 * The paging of every list of the API: {@code limit} (1 to {@value #MAX_LIMIT}, default {@value
 * #DEFAULT_LIMIT}) items from {@code offset} (default 0), in the list's documented stable order.
 */
public record Paging(int limit, long offset) {
    public static final int DEFAULT_LIMIT = 200;
    public static final int MAX_LIMIT = 5000;
    public static final long MAX_OFFSET = 10_000_000;

    /** The paging a request asked for; 400 naming {@code limit} or {@code offset} otherwise. */
    public static Paging of(@Nullable Integer limit, @Nullable Long offset) {
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (l < 1 || l > MAX_LIMIT) {
            throw ApiException.invalidField("limit", "must be 1 to " + MAX_LIMIT + ", was " + l);
        }
        long o = offset == null ? 0 : offset;
        if (o < 0 || o > MAX_OFFSET) {
            throw ApiException.invalidField("offset", "must be 0 to " + MAX_OFFSET + ", was " + o);
        }
        return new Paging(l, o);
    }
}

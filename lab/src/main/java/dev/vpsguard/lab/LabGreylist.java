package dev.vpsguard.lab;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The greylist of one lab MX: the first try of a (client, sender, recipient) triplet is deferred
 * with {@code 450}, a retry at least {@code minDelayMillis} later is accepted, as real greylisting
 * MX hosts do (postgrey's default waits 5 minutes; the lab waits seconds so an MTA's retry falls
 * inside a test).
 */
final class LabGreylist {
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final long minDelayMillis;
    private final LongSupplier clock;

    LabGreylist(long minDelayMillis, LongSupplier clockMillis) {
        this.minDelayMillis = minDelayMillis;
        this.clock = clockMillis;
    }

    /** Whether this try is deferred; records the triplet's first try. */
    boolean defer(String client, String sender, String recipient) {
        long now = clock.getAsLong();
        Long first = firstSeen.putIfAbsent(client + "|" + sender + "|" + recipient, now);
        return first == null || now - first < minDelayMillis;
    }
}

package dev.vpsguard.server.rollup;

import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.SmtpWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Accumulates guest samples into 5-minute buckets in memory. Pure: no IO, no clock; the caller says
 * what time it is when it asks for the closed buckets. Thread-safe.
 */
public final class RollupAccumulator {
    /** The bucket length. */
    public static final Duration BUCKET = Duration.ofMinutes(5);

    private final Map<Key, Bucket> open = new HashMap<>();

    private record Key(String guestId, Instant bucketStart) {}

    private static final class Bucket {
        int samples;
        final Stat cpu = new Stat();
        final Stat memory = new Stat();
        final Stat diskRead = new Stat();
        final Stat diskWrite = new Stat();
        final Stat netTx = new Stat();
        final Stat netRx = new Stat();
        long smtpNew;
        long smtpUnreplied;
    }

    /** The start of the bucket holding {@code at}. */
    public static Instant bucketStart(Instant at) {
        long size = BUCKET.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), size) * size);
    }

    /** Adds one sample of {@code guestId} taken at {@code at}; usage and smtp may be null. */
    public synchronized void add(String guestId, Instant at, GuestUsage usage, SmtpWindow smtp) {
        Objects.requireNonNull(guestId, "guestId");
        Bucket b = open.computeIfAbsent(new Key(guestId, bucketStart(at)), k -> new Bucket());
        b.samples++;
        if (usage != null) {
            b.cpu.add(usage.cpuCores());
            b.memory.add(usage.memoryUsedBytes());
            b.diskRead.add(usage.diskReadBytesPerSec());
            b.diskWrite.add(usage.diskWriteBytesPerSec());
            b.netTx.add(usage.netTxBytesPerSec());
            b.netRx.add(usage.netRxBytesPerSec());
        }
        if (smtp != null) {
            b.smtpNew += smtp.newConnections();
            b.smtpUnreplied += smtp.unreplied();
        }
    }

    /** Removes and returns the buckets that ended at or before {@code now}. */
    public synchronized List<GuestRollup> closedAt(Instant now) {
        return drain(now);
    }

    /** Removes and returns every bucket, closed or not (at shutdown). */
    public synchronized List<GuestRollup> drainAll() {
        return drain(null);
    }

    /** Buckets held, open or closed. */
    public synchronized int size() {
        return open.size();
    }

    private List<GuestRollup> drain(Instant now) {
        List<GuestRollup> out = new ArrayList<>();
        Iterator<Map.Entry<Key, Bucket>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Bucket> e = it.next();
            Instant end = e.getKey().bucketStart().plus(BUCKET);
            if (now == null || !end.isAfter(now)) {
                out.add(toRollup(e.getKey(), e.getValue()));
                it.remove();
            }
        }
        return out;
    }

    private static GuestRollup toRollup(Key key, Bucket b) {
        return new GuestRollup(
                UUID.randomUUID().toString(),
                key.guestId(),
                key.bucketStart(),
                b.samples,
                b.cpu.avg(),
                b.cpu.max(),
                b.memory.avg(),
                b.memory.max(),
                b.diskRead.avg(),
                b.diskRead.max(),
                b.diskWrite.avg(),
                b.diskWrite.max(),
                b.netTx.avg(),
                b.netTx.max(),
                b.netRx.avg(),
                b.netRx.max(),
                b.smtpNew,
                b.smtpUnreplied);
    }
}

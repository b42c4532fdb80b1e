package dev.vpsguard.agent.spool;

import dev.vpsguard.agent.metrics.AgentMetrics;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded on-disk queue of encoded reports, one file per report named by its zero-padded seq
 * ({@code 00000000000000000042.json.gz}), so a directory listing is the send order. Files are
 * written to a temporary name and atomically renamed, so a crashed process leaves either the whole
 * report or nothing. They are fsynced only by {@link #sync()}, which the report loop calls when a
 * report was not taken by the server within its cycle: a report sent at once never costs an fsync.
 * A power cut can therefore damage a report that was not synced yet (the host went down with it);
 * such a file, found when the spool is opened, fails its gzip check on {@link #read} and is dropped
 * by the loop, never sent. When {@code maxBytes} would be exceeded the OLDEST reports are deleted,
 * logged and counted. Not thread-safe: one report loop owns it.
 */
public final class Spool {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final Pattern NAME = Pattern.compile("([0-9]{20})\\.json\\.gz");
    private static final String TMP_PREFIX = ".tmp-";

    private final Path dir;
    private final Path rejectedDir;
    private final long maxBytes;
    private final int maxRejected;
    private final AgentMetrics metrics;
    private final NavigableMap<Long, Long> sizes = new TreeMap<>();
    // Written by this process and not fsynced yet.
    private final Set<Long> unsynced = new HashSet<>();
    // Found when the spool was opened: checked whole before they are sent.
    private final Set<Long> unchecked = new HashSet<>();
    private long totalBytes;

    /**
     * Opens (creating if needed) the spool in {@code dir} and indexes the reports already there.
     *
     * @param maxBytes the most pending reports may take, bytes
     * @param maxRejected how many refused reports {@code dir/rejected} keeps
     */
    public Spool(Path dir, long maxBytes, int maxRejected, AgentMetrics metrics)
            throws IOException {
        this.dir = dir;
        this.rejectedDir = dir.resolve("rejected");
        this.maxBytes = maxBytes;
        this.maxRejected = maxRejected;
        this.metrics = metrics;
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                Matcher m = NAME.matcher(name);
                if (m.matches()) {
                    long seq = Long.parseLong(m.group(1));
                    sizes.put(seq, Files.size(f));
                    unchecked.add(seq);
                } else if (name.startsWith(TMP_PREFIX)) {
                    // A write interrupted by a crash: its report was never acknowledged as spooled.
                    Files.deleteIfExists(f);
                }
            }
        }
        totalBytes = sizes.values().stream().mapToLong(Long::longValue).sum();
        if (!sizes.isEmpty()) {
            LOG.info(
                    "spool {}: {} reports pending ({} bytes), replaying oldest first",
                    dir,
                    sizes.size(),
                    totalBytes);
        }
        publish();
    }

    /**
     * Stores one report, not yet durably (see {@link #sync()}). Drops the oldest pending reports
     * first if it would not fit.
     *
     * @param seq the report's seq; must be greater than every seq already spooled
     * @param body the encoded report (gzip JSON)
     */
    public void append(long seq, byte[] body) throws IOException {
        if (!sizes.isEmpty() && seq <= sizes.lastKey()) {
            throw new IllegalArgumentException("seq " + seq + " is not after " + sizes.lastKey());
        }
        while (!sizes.isEmpty() && totalBytes + body.length > maxBytes) {
            Map.Entry<Long, Long> oldest = sizes.firstEntry();
            remove(oldest.getKey());
            metrics.spoolDropped.inc();
            LOG.warn(
                    "spool full ({} bytes max): dropped the oldest report, seq {}; the server will"
                            + " see a gap",
                    maxBytes,
                    oldest.getKey());
        }
        DurableFiles.write(dir.resolve(name(seq)), TMP_PREFIX + name(seq), body);
        unsynced.add(seq);
        sizes.put(seq, (long) body.length);
        totalBytes += body.length;
        publish();
    }

    /** The oldest pending seq, if any. */
    public Optional<Long> oldest() {
        return sizes.isEmpty() ? Optional.empty() : Optional.of(sizes.firstKey());
    }

    /** The newest pending seq, if any. */
    public Optional<Long> newest() {
        return sizes.isEmpty() ? Optional.empty() : Optional.of(sizes.lastKey());
    }

    /**
     * Makes every report appended since the last call durable: fsyncs each, then the directory.
     * Nothing to do (no system call) when every report appended was already removed.
     */
    public void sync() throws IOException {
        if (unsynced.isEmpty()) {
            return;
        }
        for (long seq : unsynced) {
            DurableFiles.force(dir.resolve(name(seq)));
        }
        DurableFiles.syncDir(dir);
        metrics.spoolSyncs.inc();
        unsynced.clear();
    }

    /**
     * The encoded report with this seq.
     *
     * @throws IOException also when a report found at opening is not a whole gzip stream (a power
     *     cut before it was synced)
     */
    public byte[] read(long seq) throws IOException {
        byte[] body = Files.readAllBytes(dir.resolve(name(seq)));
        if (unchecked.contains(seq)) {
            GzipCheck.requireWhole(body);
            unchecked.remove(seq);
        }
        return body;
    }

    /** Deletes a report the server has taken. */
    public void remove(long seq) throws IOException {
        Long size = sizes.remove(seq);
        unsynced.remove(seq);
        unchecked.remove(seq);
        Files.deleteIfExists(dir.resolve(name(seq)));
        if (size != null) {
            totalBytes -= size;
        }
        publish();
    }

    /**
     * Moves a report the server refused to {@code rejected/}, keeping only the newest {@code
     * maxRejected} there, so an operator can inspect it and the loop never retries it.
     *
     * @return whether it was kept ({@code maxRejected} is not 0)
     */
    public boolean reject(long seq) throws IOException {
        Long size = sizes.remove(seq);
        unsynced.remove(seq);
        unchecked.remove(seq);
        if (size == null) {
            return false;
        }
        totalBytes -= size;
        boolean kept = maxRejected > 0;
        if (!kept) {
            Files.deleteIfExists(dir.resolve(name(seq)));
        } else {
            Files.createDirectories(rejectedDir);
            Files.move(
                    dir.resolve(name(seq)),
                    rejectedDir.resolve(name(seq)),
                    StandardCopyOption.ATOMIC_MOVE);
            pruneRejected();
        }
        publish();
        return kept;
    }

    /** Pending reports. */
    public int depth() {
        return sizes.size();
    }

    /** Bytes the pending reports take. */
    public long bytes() {
        return totalBytes;
    }

    /** The directory holding refused reports. */
    public Path rejectedDir() {
        return rejectedDir;
    }

    private void pruneRejected() throws IOException {
        TreeMap<Long, Path> kept = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(rejectedDir)) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    kept.put(Long.parseLong(m.group(1)), f);
                }
            }
        }
        while (kept.size() > maxRejected) {
            Map.Entry<Long, Path> oldest = kept.pollFirstEntry();
            Files.deleteIfExists(oldest.getValue());
            metrics.rejectedPruned.inc();
            LOG.warn(
                    "{} holds more than spool.maxRejected = {} refused reports: deleted the oldest,"
                            + " seq {}",
                    rejectedDir,
                    maxRejected,
                    oldest.getKey());
        }
    }

    private void publish() {
        metrics.spoolReports.set(sizes.size());
        metrics.spoolBytes.set(totalBytes);
    }

    static String name(long seq) {
        // Not String.format: its Formatter and locale digit lookup were a tenth of the report
        // thread's samples (a name is built four times a cycle). Seqs are never negative.
        String digits = Long.toString(seq);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits + ".json.gz";
    }
}

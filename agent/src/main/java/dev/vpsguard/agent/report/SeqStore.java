package dev.vpsguard.agent.report;

import dev.vpsguard.agent.spool.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The last report seq handed out, persisted in {@code <stateDir>/seq} before the report is built,
 * so a restart never reuses a seq (the server is idempotent on (hostId, seq) and would take a
 * reused one for a duplicate).
 */
public final class SeqStore {
    private final Path file;
    private long last;

    /** Opens the store; a missing file means no report was ever built (the first seq is 1). */
    public SeqStore(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        this.file = stateDir.resolve("seq");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            text = "0";
        }
        try {
            last = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(
                    file
                            + " holds \""
                            + text
                            + "\", not a seq number; remove it only if "
                            + "the server's host record is reset as well");
        }
        if (last < 0) {
            throw new IOException(file + " holds a negative seq " + last);
        }
    }

    /** Persists and returns the next seq. */
    public long next() throws IOException {
        long seq = last + 1;
        DurableFiles.replace(
                file, ".seq.tmp", (seq + "\n").getBytes(StandardCharsets.US_ASCII), null);
        last = seq;
        return seq;
    }

    /**
     * Moves the counter forward to at least {@code seq}, e.g. when the spool holds reports newer
     * than the seq file (restored from a backup).
     */
    public void advanceTo(long seq) throws IOException {
        if (seq > last) {
            DurableFiles.replace(
                    file, ".seq.tmp", (seq + "\n").getBytes(StandardCharsets.US_ASCII), null);
            last = seq;
        }
    }

    /** The last seq handed out, 0 when none. */
    public long last() {
        return last;
    }
}

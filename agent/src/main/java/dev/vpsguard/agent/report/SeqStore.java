package dev.vpsguard.agent.report;

import dev.vpsguard.agent.spool.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's report numbering: its instance id in {@code <stateDir>/instance} (a random UUID made
 * when the state is created) and the last seq handed out in {@code <stateDir>/seq}, persisted
 * before the report is built so that a restart never reuses a seq. Every report carries both: when
 * the state directory is lost, the new instance id tells the server that the numbering starting at
 * 1 again is a new one, not a replay of reports it has.
 */
public final class SeqStore {
    private static final Logger LOG = LoggerFactory.getLogger(SeqStore.class);
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path file;
    private final String instance;
    private long last;

    /**
     * Opens the store; a missing seq file means no report was ever built (the first seq is 1), a
     * missing instance file that this is a new agent instance (one is made and persisted).
     */
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
                            + "\", not a seq number; remove it together with "
                            + stateDir.resolve("instance")
                            + " to start a new numbering");
        }
        if (last < 0) {
            throw new IOException(file + " holds a negative seq " + last);
        }
        this.instance = loadOrCreateInstance(stateDir.resolve("instance"), last);
    }

    private static String loadOrCreateInstance(Path path, long last) throws IOException {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
            if (!UUID_TEXT.matcher(text).matches()) {
                throw new IOException(
                        path
                                + " holds \""
                                + text
                                + "\", not an agent instance id (a lower-case UUID); remove it"
                                + " to make a new one");
            }
            return text;
        } catch (NoSuchFileException e) {
            String made = UUID.randomUUID().toString();
            DurableFiles.replace(
                    path, ".instance.tmp", (made + "\n").getBytes(StandardCharsets.US_ASCII), null);
            LOG.info(
                    "new agent instance {} (no {} yet): reports are numbered from seq {}",
                    made,
                    path,
                    last + 1);
            return made;
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

    /** This agent instance's id, carried in every report. */
    public String instance() {
        return instance;
    }
}

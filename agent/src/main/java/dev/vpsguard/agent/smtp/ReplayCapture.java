package dev.vpsguard.agent.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A recorded {@code conntrack -E … -o timestamp,id} capture, loaded and checked for {@link
 * ConntrackReplay}. The file holds the lines of the agent's conntrack commands (both event streams,
 * merged), in timestamp order; lines starting with {@code #} and blank lines are comments. Every
 * other line must be an event {@link ConntrackEventParser} accepts, of TCP to port 25, with exactly
 * one {@code id=} field, and no earlier than the line before it. Anything else makes {@link #load}
 * fail with the line number and the reason.
 *
 * <p>A line is replayed with its timestamp replaced by the time of replay and its id replaced by a
 * dense flow number ({@link #line}): every distinct flow of the capture (conntrack id plus original
 * tuple) gets a number {@code 0 … flows() - 1} in order of first appearance, so that {@link
 * ConntrackReplay} can give each loop its own range of ids.
 */
public final class ReplayCapture {
    /** The {@code smtp.replay.file} value of the capture shipped with the agent. */
    public static final String BUILTIN_DEMO = "builtin:demo";

    /** Where the shipped capture lives on the class path. */
    static final String DEMO_RESOURCE = "/replay/demo-smtp.conntrack";

    /** Larger files are refused: a demo capture is well under a megabyte. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    private final String name;
    private final List<Entry> entries;
    private final int flows;

    private ReplayCapture(String name, List<Entry> entries, int flows) {
        this.name = name;
        this.entries = List.copyOf(entries);
        this.flows = flows;
    }

    /**
     * Loads {@code source}: {@value #BUILTIN_DEMO} or an absolute path.
     *
     * @throws ReplayCaptureException naming the source, and the line when one is wrong
     */
    public static ReplayCapture load(String source) throws ReplayCaptureException {
        Objects.requireNonNull(source, "source");
        if (source.startsWith("builtin:")) {
            if (!source.equals(BUILTIN_DEMO)) {
                throw new ReplayCaptureException(
                        source, "unknown built-in capture; the only one is " + BUILTIN_DEMO);
            }
            try (InputStream in = ReplayCapture.class.getResourceAsStream(DEMO_RESOURCE)) {
                if (in == null) {
                    throw new ReplayCaptureException(
                            source, DEMO_RESOURCE + " is missing from the agent's jar");
                }
                return parse(source, in);
            } catch (ReplayCaptureException e) {
                throw e;
            } catch (IOException e) {
                throw unreadable(source, e);
            }
        }
        Path file = Path.of(source);
        if (!file.isAbsolute()) {
            throw new ReplayCaptureException(source, "must be an absolute path or " + BUILTIN_DEMO);
        }
        try {
            if (!Files.exists(file)) {
                throw new ReplayCaptureException(source, "no such file");
            }
            if (!Files.isRegularFile(file)) {
                throw new ReplayCaptureException(source, "not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ReplayCaptureException(
                        source, "larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(source, in);
            }
        } catch (ReplayCaptureException e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(source, e);
        }
    }

    private static ReplayCaptureException unreadable(String source, IOException e) {
        String why = e instanceof CharacterCodingException ? "not UTF-8 text" : e.toString();
        return new ReplayCaptureException(source, "cannot read: " + why);
    }

    /**
     * Parses a capture from {@code in} (UTF-8).
     *
     * @param name for error messages
     */
    static ReplayCapture parse(String name, InputStream in) throws IOException {
        BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(
                                in,
                                StandardCharsets.UTF_8
                                        .newDecoder()
                                        .onMalformedInput(CodingErrorAction.REPORT)
                                        .onUnmappableCharacter(CodingErrorAction.REPORT)));
        List<Entry> entries = new ArrayList<>();
        Map<FlowKey, Integer> flows = new HashMap<>();
        Instant first = null;
        Instant previous = null;
        int previousLine = 0;
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            ConntrackEvent event;
            try {
                event = ConntrackEventParser.parse(text);
            } catch (ConntrackParseException e) {
                throw bad(name, number, "not a conntrack event: " + e.getMessage());
            }
            if (event.original().destinationPort() != 25) {
                throw bad(
                        name,
                        number,
                        "a flow to port "
                                + event.original().destinationPort()
                                + ", not 25 (the agent's conntrack commands only see port 25)");
            }
            if (previous != null && event.timestamp().isBefore(previous)) {
                throw bad(
                        name,
                        number,
                        "timestamp "
                                + event.timestamp()
                                + " is earlier than line "
                                + previousLine
                                + "'s; the lines must be in timestamp order");
            }
            int[] id = idField(text);
            if (id == null) {
                throw bad(name, number, "must carry exactly one id= field");
            }
            if (first == null) {
                first = event.timestamp();
            }
            previous = event.timestamp();
            previousLine = number;
            int flow =
                    flows.computeIfAbsent(
                            new FlowKey(event.id(), event.original()), k -> flows.size());
            int body = text.indexOf(']') + 1;
            entries.add(
                    new Entry(
                            Duration.between(first, event.timestamp()),
                            text.substring(body, id[0]),
                            text.substring(id[1]),
                            flow));
        }
        if (entries.isEmpty()) {
            throw new ReplayCaptureException(name, "holds no conntrack events");
        }
        return new ReplayCapture(name, entries, flows.size());
    }

    /** [start of "id=", end of its digits) of the one id token, or null. */
    private static int[] idField(String text) {
        int[] found = null;
        int from = 0;
        while (true) {
            int at = text.indexOf("id=", from);
            if (at < 0) {
                return found;
            }
            from = at + 3;
            if (at > 0 && text.charAt(at - 1) != ' ' && text.charAt(at - 1) != '\t') {
                continue; // e.g. a future "xid=" field
            }
            int end = from;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            if (found != null) {
                return null;
            }
            found = new int[] {at, end};
        }
    }

    private static ReplayCaptureException bad(String name, int line, String why) {
        return new ReplayCaptureException(name, "line " + line + ": " + why);
    }

    /** What the capture was loaded from: {@value #BUILTIN_DEMO} or a path. */
    public String name() {
        return name;
    }

    /** The number of events (lines that are not comments). */
    public int size() {
        return entries.size();
    }

    /** The number of distinct flows (conntrack id plus original tuple). */
    public int flows() {
        return flows;
    }

    /** The time from the first event to the last. */
    public Duration length() {
        return entries.get(entries.size() - 1).offset();
    }

    /** When event {@code index} happened, counted from the first event. */
    public Duration offset(int index) {
        return entries.get(index).offset();
    }

    /** The dense flow number of event {@code index}, {@code 0 … flows() - 1}. */
    public int flow(int index) {
        return entries.get(index).flow();
    }

    /**
     * Event {@code index} as conntrack would print it at {@code stamp} with id {@code id}.
     *
     * @param id {@code 0 … 4294967295}
     */
    public String line(int index, Instant stamp, long id) {
        if (id < 0 || id > 0xffff_ffffL) {
            throw new IllegalArgumentException("conntrack ids are 32-bit unsigned, was " + id);
        }
        Entry e = entries.get(index);
        StringBuilder b = new StringBuilder(e.beforeId().length() + e.afterId().length() + 40);
        String micros = Long.toString(stamp.getNano() / 1000 + 1_000_000L).substring(1);
        b.append('[').append(stamp.getEpochSecond()).append('.').append(micros).append(']');
        return b.append(e.beforeId()).append("id=").append(id).append(e.afterId()).toString();
    }

    private record FlowKey(long id, ConntrackEvent.Tuple original) {}

    /**
     * @param offset since the first event
     * @param beforeId the line after its timestamp, up to {@code id=}
     * @param afterId the line after the id's digits
     * @param flow dense flow number
     */
    private record Entry(Duration offset, String beforeId, String afterId, int flow) {}
}

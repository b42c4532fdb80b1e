package dev.vpsguard.agent.smtp;

import dev.vpsguard.agent.smtp.ConntrackEvent.Counters;
import dev.vpsguard.agent.smtp.ConntrackEvent.Flag;
import dev.vpsguard.agent.smtp.ConntrackEvent.TcpState;
import dev.vpsguard.agent.smtp.ConntrackEvent.Tuple;
import dev.vpsguard.agent.smtp.ConntrackEvent.Type;
import java.net.InetAddress;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Parses one line of {@code conntrack -E -p tcp --dport 25 -o timestamp,id} (conntrack-tools
 * 1.4.x), for either family, with or without {@code extended} output and accounting counters:
 *
 * <pre>
 * [1795394051.258347]	    [NEW] tcp      6 3 SYN_SENT src=198.51.100.101 dst=198.51.100.202 sport=52808 dport=25 [UNREPLIED] src=198.51.100.202 dst=198.51.100.101 sport=25 dport=52808 id=4292784447
 * [1795394074.228632]	[DESTROY] ipv4     2 tcp      6 SYN_SENT src=… packets=1 bytes=60 [UNREPLIED] src=… packets=0 bytes=0 id=607930911
 * </pre>
 *
 * <p>The timestamp, the event type, {@code tcp 6}, the state, both tuples and the id are required.
 * Fields conntrack adds with other options ({@code mark=}, {@code use=}, {@code zone=}, {@code
 * [start=…]}, …) and unknown bracketed flags are skipped, so a newer conntrack that prints more
 * does not blind the agent. Pure and thread-safe.
 */
public final class ConntrackEventParser {
    private static final long MAX_ID = 0xffff_ffffL;
    private static final Set<Flag>[] FLAG_SETS = flagSets();

    private ConntrackEventParser() {}

    /**
     * The event on {@code line}.
     *
     * @throws ConntrackParseException when the line is not such an event; nothing else is thrown,
     *     whatever the input (a null line included)
     */
    public static ConntrackEvent parse(String line) throws ConntrackParseException {
        if (line == null) {
            throw new ConntrackParseException("no line");
        }
        Tokens tokens = new Tokens(line);
        Instant timestamp = timestamp(tokens.next("timestamp"));
        Type type = type(tokens.next("event type"));
        String token = tokens.next("protocol");
        if (token.equals("ipv4") || token.equals("ipv6")) {
            String number = tokens.next("family number");
            if (!number.equals(token.equals("ipv4") ? "2" : "10")) {
                throw new ConntrackParseException("family number mismatch: " + clip(number));
            }
            token = tokens.next("protocol");
        }
        if (!token.equals("tcp") || !tokens.next("protocol number").equals("6")) {
            throw new ConntrackParseException("not a tcp event: " + clip(token));
        }
        token = tokens.next("state");
        Integer timeout = null;
        if (!token.isEmpty() && Character.isDigit(token.charAt(0))) {
            timeout = (int) number(token, Integer.MAX_VALUE, "timeout");
            token = tokens.next("state");
        }
        TcpState state = state(token);
        return body(tokens, type, timestamp, timeout, state);
    }

    private static ConntrackEvent body(
            Tokens tokens, Type type, Instant timestamp, Integer timeout, TcpState state)
            throws ConntrackParseException {
        String line = tokens.line;
        TupleBuilder original = new TupleBuilder();
        TupleBuilder reply = new TupleBuilder();
        TupleBuilder current = null;
        int flags = 0;
        long id = -1;
        // Index-based, without a String per token: this loop runs for every event.
        while (tokens.advance()) {
            int from = tokens.start;
            int to = tokens.end;
            if (line.charAt(from) == '[') {
                if (to - from < 3 || line.charAt(to - 1) != ']') {
                    throw new ConntrackParseException(
                            "bad bracket token: " + clip(line.substring(from, to)));
                }
                flags |= flag(line, from + 1, to - 1);
                continue;
            }
            int eq = line.indexOf('=', from);
            if (eq <= from || eq >= to) {
                throw new ConntrackParseException(
                        "unexpected token: " + clip(line.substring(from, to)));
            }
            int v = eq + 1;
            switch (line.substring(from, eq)) {
                case "src" -> {
                    current = current == null ? original : current == original ? reply : null;
                    if (current == null) {
                        throw new ConntrackParseException("more than two tuples");
                    }
                    current.source = address(line, v, to, original, current);
                }
                case "dst" ->
                        within(current, "dst").destination =
                                address(line, v, to, original, current);
                case "sport" -> within(current, "sport").sourcePort = port(line, v, to);
                case "dport" -> within(current, "dport").destinationPort = port(line, v, to);
                case "packets" ->
                        within(current, "packets").packets =
                                number(line, v, to, Long.MAX_VALUE, "packets");
                case "bytes" ->
                        within(current, "bytes").bytes =
                                number(line, v, to, Long.MAX_VALUE, "bytes");
                case "id" -> id = number(line, v, to, MAX_ID, "id");
                default -> {
                    // mark=, use=, zone=, secctx=, labels=, delta-time=: not needed here.
                }
            }
        }
        if (id < 0) {
            throw new ConntrackParseException("no id= field (run conntrack with -o id)");
        }
        return new ConntrackEvent(
                type,
                timestamp,
                id,
                timeout,
                state,
                original.build("original"),
                reply.build("reply"),
                FLAG_SETS[flags],
                original.counters(),
                reply.counters());
    }

    /**
     * The reply tuple nearly always repeats the original's addresses swapped; reuse them rather
     * than parse them twice (this runs for every event).
     */
    private static InetAddress address(
            String line, int from, int to, TupleBuilder original, TupleBuilder current)
            throws ConntrackParseException {
        if (current != original) {
            if (same(line, from, to, original.destinationText)) {
                return original.destination;
            }
            if (same(line, from, to, original.sourceText)) {
                return original.source;
            }
            return AddressLiteral.parse(line.substring(from, to));
        }
        String text = line.substring(from, to);
        if (current.source == null) {
            current.sourceText = text;
        } else {
            current.destinationText = text;
        }
        return AddressLiteral.parse(text);
    }

    private static boolean same(String line, int from, int to, String text) {
        return text != null && text.length() == to - from && line.startsWith(text, from);
    }

    private static TupleBuilder within(TupleBuilder current, String key)
            throws ConntrackParseException {
        if (current == null) {
            throw new ConntrackParseException(key + "= before src=");
        }
        return current;
    }

    /** The bit of a known flag; 0 for [start=…], [stop=…] and flags of newer versions. */
    private static int flag(String line, int from, int to) {
        Flag[] all = Flag.values();
        for (int i = 0; i < all.length; i++) {
            String name = all[i].name();
            if (name.length() == to - from && line.startsWith(name, from)) {
                return 1 << i;
            }
        }
        return 0;
    }

    /** Every combination of flags, built once: the event shares these immutable sets. */
    private static Set<Flag>[] flagSets() {
        Flag[] all = Flag.values();
        @SuppressWarnings("unchecked")
        Set<Flag>[] sets = new Set[1 << all.length];
        for (int bits = 0; bits < sets.length; bits++) {
            EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
            for (int i = 0; i < all.length; i++) {
                if ((bits & (1 << i)) != 0) {
                    set.add(all[i]);
                }
            }
            sets[bits] = Set.copyOf(set);
        }
        return sets;
    }

    private static Instant timestamp(String token) throws ConntrackParseException {
        int dot = token.indexOf('.');
        if (token.length() < 4 || token.charAt(0) != '[' || !token.endsWith("]") || dot < 2) {
            throw new ConntrackParseException("bad timestamp: " + clip(token));
        }
        long seconds = number(token.substring(1, dot), 999_999_999_999L, "timestamp seconds");
        String fraction = token.substring(dot + 1, token.length() - 1);
        if (fraction.isEmpty() || fraction.length() > 9) {
            throw new ConntrackParseException("bad timestamp fraction: " + clip(token));
        }
        long nanos = number(fraction, 999_999_999L, "timestamp fraction");
        for (int i = fraction.length(); i < 9; i++) {
            nanos *= 10;
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static Type type(String token) throws ConntrackParseException {
        return switch (token) {
            case "[NEW]" -> Type.NEW;
            case "[UPDATE]" -> Type.UPDATE;
            case "[DESTROY]" -> Type.DESTROY;
            default -> throw new ConntrackParseException("bad event type: " + clip(token));
        };
    }

    private static TcpState state(String token) throws ConntrackParseException {
        for (TcpState state : TcpState.values()) {
            if (state.name().equals(token)) {
                return state;
            }
        }
        throw new ConntrackParseException("unknown tcp state: " + clip(token));
    }

    private static int port(String line, int from, int to) throws ConntrackParseException {
        return (int) number(line, from, to, 65_535, "port");
    }

    /** A non-negative decimal of at most {@code max}, without sign or leading blanks. */
    private static long number(String text, long max, String what) throws ConntrackParseException {
        return number(text, 0, text.length(), max, what);
    }

    private static long number(String line, int from, int to, long max, String what)
            throws ConntrackParseException {
        if (to <= from || to - from > 19) {
            throw new ConntrackParseException(
                    "bad " + what + ": " + clip(line.substring(from, to)));
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = line.charAt(i) - '0';
            if (digit < 0 || digit > 9 || value > (max - digit) / 10) {
                throw new ConntrackParseException(
                        "bad " + what + ": " + clip(line.substring(from, to)));
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static String clip(String token) {
        return AddressLiteral.clip(token);
    }

    private static final class TupleBuilder {
        InetAddress source;
        InetAddress destination;
        String sourceText;
        String destinationText;
        int sourcePort = -1;
        int destinationPort = -1;
        long packets = -1;
        long bytes = -1;

        Tuple build(String which) throws ConntrackParseException {
            if (source == null || destination == null || sourcePort < 0 || destinationPort < 0) {
                throw new ConntrackParseException("incomplete " + which + " tuple");
            }
            if (source.getClass() != destination.getClass()) {
                throw new ConntrackParseException("mixed address families in " + which + " tuple");
            }
            return new Tuple(source, destination, sourcePort, destinationPort);
        }

        Counters counters() {
            return packets >= 0 && bytes >= 0 ? new Counters(packets, bytes) : null;
        }
    }

    /** Splits on blanks and tabs without a regex (the parser runs for every event). */
    private static final class Tokens {
        final String line;
        int start;
        int end;
        private int position;

        Tokens(String line) {
            this.line = line;
        }

        String next(String what) throws ConntrackParseException {
            String token = nextOrNull();
            if (token == null) {
                throw new ConntrackParseException("line ends before " + what);
            }
            return token;
        }

        /** Moves to the next token, [start, end); false at the end of the line. */
        boolean advance() {
            int n = line.length();
            while (position < n && isBlank(line.charAt(position))) {
                position++;
            }
            if (position == n) {
                return false;
            }
            start = position;
            while (position < n && !isBlank(line.charAt(position))) {
                position++;
            }
            end = position;
            return true;
        }

        String nextOrNull() {
            int n = line.length();
            while (position < n && isBlank(line.charAt(position))) {
                position++;
            }
            if (position == n) {
                return null;
            }
            int start = position;
            while (position < n && !isBlank(line.charAt(position))) {
                position++;
            }
            return line.substring(start, position);
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }
    }
}

package dev.vpsguard.agent.smtp;

import dev.vpsguard.agent.smtp.ConntrackEvent.Counters;
import dev.vpsguard.agent.smtp.ConntrackEvent.Flag;
import dev.vpsguard.agent.smtp.ConntrackEvent.TcpState;
import dev.vpsguard.agent.smtp.ConntrackEvent.Tuple;
import dev.vpsguard.agent.smtp.ConntrackEvent.Type;
import java.net.InetAddress;
import java.time.Instant;
import java.util.EnumSet;

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
        TupleBuilder original = new TupleBuilder();
        TupleBuilder reply = new TupleBuilder();
        TupleBuilder current = null;
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        long id = -1;
        for (String token = tokens.nextOrNull(); token != null; token = tokens.nextOrNull()) {
            if (token.startsWith("[")) {
                if (token.length() < 3 || !token.endsWith("]")) {
                    throw new ConntrackParseException("bad bracket token: " + clip(token));
                }
                flag(token.substring(1, token.length() - 1), flags);
                continue;
            }
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new ConntrackParseException("unexpected token: " + clip(token));
            }
            String key = token.substring(0, eq);
            String value = token.substring(eq + 1);
            switch (key) {
                case "src" -> {
                    current = current == null ? original : current == original ? reply : null;
                    if (current == null) {
                        throw new ConntrackParseException("more than two tuples");
                    }
                    current.source = AddressLiteral.parse(value);
                }
                case "dst" -> within(current, key).destination = AddressLiteral.parse(value);
                case "sport" -> within(current, key).sourcePort = port(value);
                case "dport" -> within(current, key).destinationPort = port(value);
                case "packets" -> within(current, key).packets = number(value, Long.MAX_VALUE, key);
                case "bytes" -> within(current, key).bytes = number(value, Long.MAX_VALUE, key);
                case "id" -> id = number(value, MAX_ID, key);
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
                flags,
                original.counters(),
                reply.counters());
    }

    private static TupleBuilder within(TupleBuilder current, String key)
            throws ConntrackParseException {
        if (current == null) {
            throw new ConntrackParseException(key + "= before src=");
        }
        return current;
    }

    private static void flag(String name, EnumSet<Flag> flags) {
        switch (name) {
            case "UNREPLIED" -> flags.add(Flag.UNREPLIED);
            case "ASSURED" -> flags.add(Flag.ASSURED);
            case "OFFLOAD" -> flags.add(Flag.OFFLOAD);
            case "HW_OFFLOAD" -> flags.add(Flag.HW_OFFLOAD);
            default -> {
                // [start=…], [stop=…] (nf_conntrack_timestamp) and flags of newer versions.
            }
        }
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

    private static int port(String value) throws ConntrackParseException {
        return (int) number(value, 65_535, "port");
    }

    /** A non-negative decimal of at most {@code max}, without sign or leading blanks. */
    private static long number(String text, long max, String what) throws ConntrackParseException {
        if (text.isEmpty() || text.length() > 19) {
            throw new ConntrackParseException("bad " + what + ": " + clip(text));
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9 || value > (max - digit) / 10) {
                throw new ConntrackParseException("bad " + what + ": " + clip(text));
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
        private final String line;
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

package dev.vpsguard.agent.smtp;

import dev.vpsguard.agent.smtp.ConntrackEvent.TcpState;
import dev.vpsguard.agent.smtp.ConntrackEvent.Type;
import dev.vpsguard.protocol.IpLiteral;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one line of {@code conntrack -E -p tcp --dport 25 -o timestamp,id} (conntrack-tools
 * 1.4.x), IPv4 or IPv6, with or without accounting fields. Real lines (kernel 6.18, conntrack
 * 1.4.7):
 *
 * <pre>
 * [1795394303.924124]	    [NEW] tcp      6 120 SYN_SENT src=198.51.100.101 dst=198.51.100.203 sport=40088 dport=25 [UNREPLIED] src=198.51.100.203 dst=198.51.100.101 sport=25 dport=40088 id=989835053
 * [1795394303.924207]	[DESTROY] tcp      6 120 CLOSE src=198.51.100.101 dst=198.51.100.203 sport=40088 dport=25 packets=1 bytes=60 [UNREPLIED] src=198.51.100.203 dst=198.51.100.101 sport=25 dport=40088 packets=1 bytes=40 id=989835053
 * </pre>
 *
 * <p>Required: the {@code [seconds.micros]} timestamp, the event type, {@code tcp 6}, the TCP
 * state, and two complete tuples. The timeout column is optional. Accounting fields belong to the
 * tuple they follow and come as a {@code packets=}/{@code bytes=} pair. Other {@code key=value}
 * fields ({@code mark=}, {@code zone=}, {@code use=}, {@code secctx=}) and other bracketed flags
 * ({@code [OFFLOAD]}) are accepted and ignored, so a host with marks set by the Proxmox firewall
 * still parses.
 *
 * <p>Every malformed line raises {@link ConntrackParseException}; no other exception escapes. Names
 * are never resolved: addresses must be IP literals.
 */
public final class ConntrackEventParser {
    /** Seconds are at most 12 digits so {@link Instant#ofEpochSecond} cannot overflow. */
    private static final int MAX_SECONDS_DIGITS = 12;

    private ConntrackEventParser() {}

    /**
     * Parses one event line.
     *
     * @throws ConntrackParseException when the line is null or not a TCP conntrack event
     */
    public static ConntrackEvent parse(String line) {
        if (line == null) {
            throw new ConntrackParseException("no line", null);
        }
        try {
            return parseTokens(tokens(line), line);
        } catch (ConntrackParseException e) {
            throw e;
        } catch (RuntimeException e) {
            // Defensive: the checks below should leave nothing for the JDK to reject.
            throw new ConntrackParseException("malformed event (" + e + ")", line, e);
        }
    }

    private static ConntrackEvent parseTokens(List<String> tokens, String line) {
        if (tokens.size() < 6) {
            throw new ConntrackParseException("too few fields", line);
        }
        Instant timestamp = timestamp(tokens.get(0), line);
        Type type = type(tokens.get(1), line);
        if (!tokens.get(2).equals("tcp") || !tokens.get(3).equals("6")) {
            throw new ConntrackParseException("not a tcp event", line);
        }
        int i = 4;
        if (isDigits(tokens.get(i))) {
            i++; // the timeout column, in seconds; not needed
        }
        if (i >= tokens.size()) {
            throw new ConntrackParseException("no tcp state", line);
        }
        TcpState state = state(tokens.get(i++), line);
        TupleBuilder[] dirs = {new TupleBuilder(), new TupleBuilder()};
        int dir = 0;
        boolean unreplied = false;
        boolean assured = false;
        Long id = null;
        for (; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.length() > 2 && t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']') {
                String flag = t.substring(1, t.length() - 1);
                unreplied |= flag.equals("UNREPLIED");
                assured |= flag.equals("ASSURED");
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new ConntrackParseException("unexpected field '" + t + "'", line);
            }
            String key = t.substring(0, eq);
            String value = t.substring(eq + 1);
            if (key.equals("src") && dirs[dir].src != null) {
                if (dir == 1) {
                    throw new ConntrackParseException("more than two tuples", line);
                }
                dir = 1;
            }
            switch (key) {
                case "src" -> dirs[dir].src = address(value, line);
                case "dst" -> dirs[dir].dst = once(dirs[dir].dst, address(value, line), key, line);
                case "sport" ->
                        dirs[dir].sport = once(dirs[dir].sport, port(value, line), key, line);
                case "dport" ->
                        dirs[dir].dport = once(dirs[dir].dport, port(value, line), key, line);
                case "packets" ->
                        dirs[dir].packets = once(dirs[dir].packets, count(value, line), key, line);
                case "bytes" ->
                        dirs[dir].bytes = once(dirs[dir].bytes, count(value, line), key, line);
                case "id" -> id = once(id, count(value, line), key, line);
                default -> {
                    // mark=, zone=, use=, secctx=, labels: not needed for SMTP counts.
                }
            }
        }
        return new ConntrackEvent(
                type,
                timestamp,
                id,
                state,
                dirs[0].tuple("original", line),
                dirs[1].tuple("reply", line),
                unreplied,
                assured,
                dirs[0].counters(line),
                dirs[1].counters(line));
    }

    private static final class TupleBuilder {
        InetAddress src;
        InetAddress dst;
        Integer sport;
        Integer dport;
        Long packets;
        Long bytes;

        ConntrackTuple tuple(String name, String line) {
            if (src == null || dst == null || sport == null || dport == null) {
                throw new ConntrackParseException("incomplete " + name + " tuple", line);
            }
            if ((src.getAddress().length) != dst.getAddress().length) {
                throw new ConntrackParseException("mixed address families in " + name, line);
            }
            return new ConntrackTuple(src, dst, sport, dport);
        }

        FlowCounters counters(String line) {
            if (packets == null && bytes == null) {
                return null;
            }
            if (packets == null || bytes == null) {
                throw new ConntrackParseException("packets= and bytes= must come together", line);
            }
            return new FlowCounters(packets, bytes);
        }
    }

    private static <T> T once(T previous, T value, String key, String line) {
        if (previous != null) {
            throw new ConntrackParseException("repeated " + key + "=", line);
        }
        return value;
    }

    private static Instant timestamp(String token, String line) {
        int dot = token.indexOf('.');
        if (token.length() < 4
                || token.charAt(0) != '['
                || token.charAt(token.length() - 1) != ']'
                || dot < 2) {
            throw new ConntrackParseException("no [seconds.micros] timestamp", line);
        }
        String seconds = token.substring(1, dot);
        String micros = token.substring(dot + 1, token.length() - 1);
        if (!isDigits(seconds)
                || seconds.length() > MAX_SECONDS_DIGITS
                || !isDigits(micros)
                || micros.length() > 6) {
            throw new ConntrackParseException("bad timestamp '" + token + "'", line);
        }
        // conntrack prints %06ld microseconds; scale a shorter fraction as a decimal fraction.
        long nanos = Long.parseLong(micros) * pow10(9 - micros.length());
        return Instant.ofEpochSecond(Long.parseLong(seconds), nanos);
    }

    private static long pow10(int n) {
        long r = 1;
        for (int k = 0; k < n; k++) {
            r *= 10;
        }
        return r;
    }

    private static Type type(String token, String line) {
        return switch (token) {
            case "[NEW]" -> Type.NEW;
            case "[UPDATE]" -> Type.UPDATE;
            case "[DESTROY]" -> Type.DESTROY;
            default -> throw new ConntrackParseException("unknown event type", line);
        };
    }

    private static TcpState state(String token, String line) {
        for (TcpState s : TcpState.values()) {
            if (s.name().equals(token)) {
                return s;
            }
        }
        throw new ConntrackParseException("unknown tcp state", line);
    }

    private static InetAddress address(String value, String line) {
        if (!IpLiteral.isValid(value)) {
            throw new ConntrackParseException("not an IP address", line);
        }
        try {
            return InetAddress.getByName(value); // a validated literal: no DNS lookup
        } catch (UnknownHostException e) {
            throw new ConntrackParseException("not an IP address", line, e);
        }
    }

    private static Integer port(String value, String line) {
        if (!isDigits(value) || value.length() > 5 || Integer.parseInt(value) > 65535) {
            throw new ConntrackParseException("bad port", line);
        }
        return Integer.valueOf(value);
    }

    private static Long count(String value, String line) {
        // 18 digits always fit in a long; conntrack's counters and ids are 64-bit at most
        // but never that large in practice.
        if (!isDigits(value) || value.length() > 18) {
            throw new ConntrackParseException("bad number", line);
        }
        return Long.valueOf(value);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static List<String> tokens(String line) {
        List<String> out = new ArrayList<>(24);
        int n = line.length();
        int k = 0;
        while (k < n) {
            while (k < n && Character.isWhitespace(line.charAt(k))) {
                k++;
            }
            int start = k;
            while (k < n && !Character.isWhitespace(line.charAt(k))) {
                k++;
            }
            if (k > start) {
                out.add(line.substring(start, k));
            }
        }
        return out;
    }
}

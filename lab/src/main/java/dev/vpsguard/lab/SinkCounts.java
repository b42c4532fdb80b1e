package dev.vpsguard.lab;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of {@link LabSmtpSink}'s counters.
 *
 * @param connections accepted connections per local endpoint {@code ip:port}
 * @param messages messages completed (DATA ... ".") per local endpoint {@code ip:port}
 */
public record SinkCounts(Map<String, Long> connections, Map<String, Long> messages) {
    public SinkCounts {
        connections = Map.copyOf(connections);
        messages = Map.copyOf(messages);
    }

    /**
     * Parses the sink's {@code COUNTS} reply: lines {@code conn|msg <ip:port> <n>}, then {@code
     * END}.
     *
     * @throws IllegalArgumentException on any other line, or when {@code END} is missing
     */
    public static SinkCounts parse(List<String> lines) {
        Map<String, Long> conn = new TreeMap<>();
        Map<String, Long> msg = new TreeMap<>();
        for (String line : lines) {
            if (line.equals("END")) {
                return new SinkCounts(conn, msg);
            }
            String[] f = line.split(" ");
            if (f.length != 3 || !(f[0].equals("conn") || f[0].equals("msg"))) {
                throw new IllegalArgumentException("bad sink counts line: " + line);
            }
            long n;
            try {
                n = Long.parseLong(f[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad sink count in: " + line, e);
            }
            (f[0].equals("conn") ? conn : msg).put(f[1], n);
        }
        throw new IllegalArgumentException("sink counts reply without END: " + lines);
    }

    /** Accepted connections to port 25 of {@code address}. */
    public long smtpConnectionsTo(String address) {
        return connections.getOrDefault(address + ":25", 0L);
    }

    /** Accepted connections to port 25, all addresses. */
    public long smtpConnections() {
        return smtpPerAddress().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Accepted connections to port 25 per destination address. */
    public Map<String, Long> smtpPerAddress() {
        Map<String, Long> out = new TreeMap<>();
        connections.forEach(
                (ep, n) -> {
                    if (ep.endsWith(":25")) {
                        out.put(ep.substring(0, ep.length() - 3), n);
                    }
                });
        return out;
    }

    /** Messages accepted on port 25, all addresses. */
    public long smtpMessages() {
        return messages.entrySet().stream()
                .filter(e -> e.getKey().endsWith(":25"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Accepted connections to {@code address:port}. */
    public long connectionsTo(String address, int port) {
        return connections.getOrDefault(address + ":" + port, 0L);
    }
}

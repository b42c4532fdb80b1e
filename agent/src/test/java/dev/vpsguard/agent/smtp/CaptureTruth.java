package dev.vpsguard.agent.smtp;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a capture holds per source address, counted from its text with a regex: independent of the
 * agent's parser and aggregator, so tests can hold what the agent reports against it. A flow is
 * {@code id} plus its original tuple.
 *
 * @param newConnections NEW events
 * @param established flows seen in state ESTABLISHED or flagged ASSURED
 * @param refused DESTROY events in state CLOSE of flows never established nor assured (an RST
 *     instead of a handshake; an RST after it is no failure)
 * @param unreplied DESTROY events still flagged UNREPLIED in another state (the agent counts them
 *     earlier, at its answer deadline, but the same flows)
 * @param destroyed flows with a DESTROY event
 * @param flows distinct flows
 * @param destinations destination addresses
 */
public record CaptureTruth(
        long newConnections,
        long established,
        long refused,
        long unreplied,
        long destroyed,
        long flows,
        Set<String> destinations) {

    private static final Pattern EVENT =
            Pattern.compile(
                    "^\\[\\d+\\.\\d{6}\\]\\s+\\[(NEW|UPDATE|DESTROY)\\]\\s+tcp\\s+6\\s+(?:\\d+\\s+)?"
                            + "([A-Z_0-9]+)\\s+src=(\\S+) dst=(\\S+) sport=(\\d+) dport=(\\d+)"
                            + ".*\\sid=(\\d+)$");

    /** The figures of every source address in {@code lines} (comments and blanks skipped). */
    public static Map<String, CaptureTruth> bySource(List<String> lines) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Set<String>> flows = new HashMap<>();
        Map<String, Set<String>> established = new HashMap<>();
        Map<String, Set<String>> destroyed = new HashMap<>();
        Map<String, Set<String>> destinations = new HashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = EVENT.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not an event: " + line);
            }
            String type = m.group(1);
            String state = m.group(2);
            String source = m.group(3);
            String flow = m.group(7) + " " + source + ":" + m.group(5) + ">" + m.group(4);
            long[] c = counts.computeIfAbsent(source, s -> new long[4]);
            flows.computeIfAbsent(source, s -> new HashSet<>()).add(flow);
            destinations.computeIfAbsent(source, s -> new HashSet<>()).add(m.group(4));
            if (type.equals("NEW")) {
                c[0]++;
            }
            if (state.equals("ESTABLISHED") || line.contains(" [ASSURED] ")) {
                established.computeIfAbsent(source, s -> new HashSet<>()).add(flow);
            }
            if (type.equals("DESTROY")) {
                destroyed.computeIfAbsent(source, s -> new HashSet<>()).add(flow);
                if (state.equals("CLOSE")
                        && !established.getOrDefault(source, Set.of()).contains(flow)) {
                    c[1]++;
                } else if (line.contains(" [UNREPLIED] ")) {
                    c[2]++;
                }
            }
        }
        Map<String, CaptureTruth> out = new TreeMap<>();
        counts.forEach(
                (source, c) ->
                        out.put(
                                source,
                                new CaptureTruth(
                                        c[0],
                                        established.getOrDefault(source, Set.of()).size(),
                                        c[1],
                                        c[2],
                                        destroyed.getOrDefault(source, Set.of()).size(),
                                        flows.get(source).size(),
                                        Set.copyOf(destinations.get(source)))));
        return out;
    }

    /** The lines of the capture shipped with the agent. */
    public static List<String> builtinDemoLines() {
        return Fixtures.resource(ReplayCapture.DEMO_RESOURCE).lines().toList();
    }
}

package dev.vpsguard.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact sequence of connections a traffic profile makes, shared by the test JVM (which derives
 * the ground truth from it) and {@link LabTrafficGenerator} (which plays it). Text form, one step a
 * line: {@code <ipv4>:<port>} to connect, {@code pause <millis>} to wait before the next start.
 */
public record TrafficPlan(List<Step> steps) {
    /** A hard bound so no plan can turn the generator into a flood: 50,000 connections. */
    public static final int MAX_CONNECTIONS = 50_000;

    public TrafficPlan {
        steps = List.copyOf(steps);
        long n = steps.stream().filter(Connect.class::isInstance).count();
        if (n > MAX_CONNECTIONS) {
            throw new IllegalArgumentException(
                    "plan has " + n + " connections, more than " + MAX_CONNECTIONS);
        }
    }

    /** One step of a plan. */
    public sealed interface Step permits Connect, Pause {}

    /** Open one TCP connection to {@code address:port}. */
    public record Connect(String address, int port) implements Step {}

    /** Wait {@code millis} before starting the next connection. */
    public record Pause(long millis) implements Step {}

    public List<Connect> connects() {
        return steps.stream().filter(Connect.class::isInstance).map(Connect.class::cast).toList();
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            if (s instanceof Connect c) {
                sb.append(c.address()).append(':').append(c.port()).append('\n');
            } else if (s instanceof Pause p) {
                sb.append("pause ").append(p.millis()).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Parses the text form; blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the line when a line is neither form
     */
    public static TrafficPlan parse(List<String> lines) {
        List<Step> steps = new ArrayList<>();
        int no = 0;
        for (String raw : lines) {
            no++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("pause ")) {
                    long ms = Long.parseLong(line.substring(6).strip());
                    if (ms < 0 || ms > 60_000) {
                        throw new IllegalArgumentException("pause must be 0..60000 ms");
                    }
                    steps.add(new Pause(ms));
                } else {
                    int c = line.lastIndexOf(':');
                    if (c < 1) {
                        throw new IllegalArgumentException("expected ip:port");
                    }
                    String ip = line.substring(0, c);
                    if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                            && !ip.matches("[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7}")) {
                        throw new IllegalArgumentException("expected an IPv4 or IPv6 address");
                    }
                    int port = Integer.parseInt(line.substring(c + 1));
                    if (port < 1 || port > 65535) {
                        throw new IllegalArgumentException("port out of range");
                    }
                    steps.add(new Connect(ip, port));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "plan line " + no + " \"" + line + "\": " + e.getMessage(), e);
            }
        }
        return new TrafficPlan(steps);
    }
}

package dev.vpsguard.server.decision;

import dev.vpsguard.protocol.FlowWindow;
import java.time.Instant;
import java.util.List;

/** Windows of outbound flows as a flow-counting agent reports them, ending at {@code end}. */
final class Flows {
    private Flows() {}

    /** {@code nmap -p 23} over {@code addresses} addresses: nearly all silent. */
    static FlowWindow horizontalScan(Instant end, long addresses) {
        return new FlowWindow(
                end.minus(ResourceAgent.INTERVAL),
                end,
                addresses,
                addresses,
                addresses,
                1,
                addresses,
                addresses - addresses / 50,
                List.of());
    }

    /** A crawler: {@code flows} HTTPS flows to 6 addresses, all answered. */
    static FlowWindow crawler(Instant end, long flows) {
        return new FlowWindow(
                end.minus(ResourceAgent.INTERVAL), end, flows, 6, 6, 1, 6, 0, List.of());
    }
}

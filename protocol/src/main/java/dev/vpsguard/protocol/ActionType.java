package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What the server asks the agent to enforce on one guest. */
public enum ActionType {
    /** Outbound TCP port 25 is redirected to the notice responder (554 5.7.1). */
    SMTP_BLOCK("smtp_block"),
    /** CPU limited to {@link DesiredAction#cpuLimitCores()}. */
    THROTTLE_CPU("throttle_cpu"),
    /** Egress limited to {@link DesiredAction#rateBytesPerSec()} and/or packets per second. */
    THROTTLE_NET("throttle_net"),
    /** All traffic from the guest dropped except {@link DesiredAction#allowedDestinations()}. */
    ISOLATE("isolate"),
    /** The guest is suspended (qm suspend / pct suspend). */
    SUSPEND("suspend"),
    /**
     * Standing filters from the guest's contract: {@link DesiredAction#blockedPorts()} dropped, UDP
     * and ICMP held to {@link DesiredAction#udpLimit()} and {@link DesiredAction#icmpLimit()}.
     */
    TRAFFIC_FILTER("traffic_filter");

    private final String wire;

    ActionType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ActionType fromWire(String value) {
        for (ActionType t : values()) {
            if (t.wire.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "must be one of smtp_block, throttle_cpu, throttle_net, isolate, suspend,"
                        + " traffic_filter");
    }
}

package dev.vpsguard.agent.smtp;

import java.time.Instant;
import java.util.Objects;

/**
 * One TCP event line of {@code conntrack -E -o timestamp,id}. Host-local: it carries addresses and
 * ports, and is only ever reduced to counts by {@link SmtpWindowAggregator}.
 *
 * @param type NEW, UPDATE or DESTROY
 * @param timestamp when the kernel reported the event (microsecond precision)
 * @param id conntrack's flow id, or null when the line has no {@code id=} (ids are reused)
 * @param state the TCP tracking state
 * @param original the tuple in the direction of the first packet (the guest's side for outbound
 *     SMTP)
 * @param reply the expected reply tuple
 * @param unreplied {@code [UNREPLIED]}: no packet has been seen in the reply direction
 * @param assured {@code [ASSURED]}: traffic was seen both ways and the flow is established
 * @param originalCounters accounting of the original direction, or null when absent
 * @param replyCounters accounting of the reply direction, or null when absent
 */
public record ConntrackEvent(
        Type type,
        Instant timestamp,
        Long id,
        TcpState state,
        ConntrackTuple original,
        ConntrackTuple reply,
        boolean unreplied,
        boolean assured,
        FlowCounters originalCounters,
        FlowCounters replyCounters) {

    /** The conntrack event types, as printed in brackets. */
    public enum Type {
        NEW,
        UPDATE,
        DESTROY
    }

    /**
     * The kernel's TCP conntrack states, as printed (nf_conntrack_proto_tcp.c tcp_conntrack_names).
     */
    public enum TcpState {
        NONE,
        SYN_SENT,
        SYN_RECV,
        ESTABLISHED,
        FIN_WAIT,
        CLOSE_WAIT,
        LAST_ACK,
        TIME_WAIT,
        CLOSE,
        SYN_SENT2
    }

    public ConntrackEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(reply, "reply");
    }
}

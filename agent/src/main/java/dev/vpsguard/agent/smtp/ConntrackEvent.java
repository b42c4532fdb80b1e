package dev.vpsguard.agent.smtp;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One line of {@code conntrack -E -p tcp -o timestamp,id} output: a state change of one TCP flow in
 * the kernel's connection table.
 *
 * @param type NEW, UPDATE or DESTROY
 * @param timestamp when the kernel reported the event (microsecond precision)
 * @param id the kernel's conntrack id (an unsigned 32-bit hash, {@code 0..4294967295}); the kernel
 *     may hand the same id to a later flow, so it is only unique together with {@link #original}
 * @param timeoutSeconds seconds left before the flow expires; {@code null} on the DESTROY lines of
 *     expired flows, which conntrack prints without it
 * @param state the TCP state conntrack tracks for the flow
 * @param original the tuple of the first packet (guest → server)
 * @param reply the tuple expected for replies (server → guest)
 * @param flags UNREPLIED, ASSURED, OFFLOAD or HW_OFFLOAD as printed
 * @param originalCounters packets and bytes sent in the original direction, when accounting is on
 *     ({@code net.netfilter.nf_conntrack_acct=1}) and the line carries them (DESTROY only);
 *     nullable
 * @param replyCounters the same for the reply direction; nullable
 */
public record ConntrackEvent(
        Type type,
        Instant timestamp,
        long id,
        Integer timeoutSeconds,
        TcpState state,
        Tuple original,
        Tuple reply,
        Set<Flag> flags,
        Counters originalCounters,
        Counters replyCounters) {

    public ConntrackEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(reply, "reply");
        flags = Set.copyOf(flags);
    }

    /** Whether the flow has not seen any packet in the reply direction. */
    public boolean unreplied() {
        return flags.contains(Flag.UNREPLIED);
    }

    /** Whether conntrack considers the flow assured (a reply was seen and the handshake done). */
    public boolean assured() {
        return flags.contains(Flag.ASSURED);
    }

    /** The kind of event, as conntrack prints it in brackets. */
    public enum Type {
        NEW,
        UPDATE,
        DESTROY
    }

    /** The TCP states of {@code nf_conntrack_proto_tcp.c}, as conntrack prints them. */
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

    /** Status bits conntrack prints in brackets. */
    public enum Flag {
        UNREPLIED,
        ASSURED,
        OFFLOAD,
        HW_OFFLOAD
    }

    /**
     * One direction of a flow.
     *
     * @param source source address
     * @param destination destination address
     * @param sourcePort source TCP port, 0..65535
     * @param destinationPort destination TCP port, 0..65535
     */
    public record Tuple(
            InetAddress source, InetAddress destination, int sourcePort, int destinationPort) {
        public Tuple {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
        }
    }

    /**
     * Accounting counters of one direction.
     *
     * @param packets packets seen
     * @param bytes bytes seen, IP headers included
     */
    public record Counters(long packets, long bytes) {}
}

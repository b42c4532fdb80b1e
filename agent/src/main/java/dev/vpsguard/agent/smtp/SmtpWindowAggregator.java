package dev.vpsguard.agent.smtp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vpsguard.agent.smtp.ConntrackEvent.TcpState;
import dev.vpsguard.protocol.SmtpWindow;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Reduces conntrack port-25 events to per-guest {@link SmtpWindow} counts. Addresses and ports stay
 * inside this class (contract S4): what comes out is counts only.
 *
 * <p>Each flow is tracked from its NEW event, keyed on conntrack id plus original tuple (the tuple
 * alone when the line has no id), so a reused id never merges two flows. A flow belongs to the
 * guest that the attribution function maps its original source address to, or to the unattributed
 * window. Counts go to the window open when the event is handled (the event's own timestamp is not
 * used). How each count is defined, from what was measured on kernel 6.18:
 *
 * <ul>
 *   <li><b>newConnections</b>, <b>distinctDestinations</b>, <b>distinctPrefixes</b> (/24, /48): on
 *       NEW. Distinct sets are capped at {@link GuestSmtpCounts#DISTINCT_CAP} per guest per window.
 *   <li><b>established</b>: once per flow, on the first event in state ESTABLISHED or flagged
 *       ASSURED; so with a NEW,DESTROY-only subscription a DESTROY with ASSURED counts.
 *   <li><b>resetOrRefused</b>: once per flow. Refused: DESTROY in CLOSE still UNREPLIED (the
 *       server's RST does not clear UNREPLIED: a refused connection is NEW then DESTROY CLOSE
 *       [UNREPLIED]). Reset: an answered flow reaching CLOSE without passing an orderly-close state
 *       (FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT); an RST on an established session is UPDATE
 *       CLOSE [ASSURED].
 *   <li><b>unreplied</b>: once per flow. DESTROY still UNREPLIED in any state but CLOSE
 *       (conntrack's SYN_SENT timeout, dropped SYNs), or an unanswered flow expiring from the cache
 *       before its DESTROY arrived (the DESTROY can be lost when the netlink socket overflows).
 *   <li><b>bytesSent</b>: the original direction's {@code bytes=} of DESTROY events (the only
 *       events that carry accounting), also for flows not tracked; null when no DESTROY had
 *       accounting.
 * </ul>
 *
 * <p>UPDATE and DESTROY events of flows not tracked (opened before the agent started, or evicted)
 * count nothing but bytes; this keeps every outcome count at most one per counted NEW. Flows
 * evicted for size are counted in {@link #evictedFlows()}, not as unreplied. Thread-safe: the event
 * reader and the report loop may call it concurrently.
 */
public final class SmtpWindowAggregator {
    /** Default bound on tracked flows; about 200 bytes each. */
    public static final long DEFAULT_MAX_FLOWS = 262_144;

    /** conntrack's SYN_SENT timeout (120 s) plus slack for the DESTROY to arrive. */
    public static final Duration DEFAULT_UNANSWERED_EXPIRY = Duration.ofSeconds(130);

    /** How long an answered flow is kept after its last event; SMTP sessions last minutes. */
    public static final Duration DEFAULT_ANSWERED_EXPIRY = Duration.ofHours(1);

    private final Function<InetAddress, OptionalInt> attribution;
    private final Cache<FlowKey, Flow> flows;
    private final Map<Integer, GuestSmtpCounts> byVmid = new HashMap<>();
    private GuestSmtpCounts unattributed = new GuestSmtpCounts();
    private long evictedFlows;
    private long untrackedEvents;

    /**
     * @param attribution maps a guest source address to its vmid, empty when no guest owns it
     * @param ticker the time source for flow expiry (Caffeine's; tests pass a fake one)
     * @param maxFlows most flows tracked at once, at least 1
     * @param unansweredExpiry how long a flow with no reply is kept, positive
     * @param answeredExpiry how long an answered flow is kept after its last event, positive
     */
    public SmtpWindowAggregator(
            Function<InetAddress, OptionalInt> attribution,
            Ticker ticker,
            long maxFlows,
            Duration unansweredExpiry,
            Duration answeredExpiry) {
        this.attribution = Objects.requireNonNull(attribution, "attribution");
        Objects.requireNonNull(ticker, "ticker");
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maxFlows must be >= 1, was " + maxFlows);
        }
        requirePositive(unansweredExpiry, "unansweredExpiry");
        requirePositive(answeredExpiry, "answeredExpiry");
        this.flows =
                Caffeine.newBuilder()
                        .ticker(ticker)
                        .maximumSize(maxFlows)
                        .expireAfter(
                                Expiry.<FlowKey, Flow>writing(
                                        (k, f) -> f.answered ? answeredExpiry : unansweredExpiry))
                        // Same thread, so expiry counts land in the window being closed.
                        .executor(Runnable::run)
                        .removalListener(this::onRemoval)
                        .build();
    }

    /** An aggregator with the default bounds and the system ticker. */
    public static SmtpWindowAggregator withDefaults(
            Function<InetAddress, OptionalInt> attribution) {
        return new SmtpWindowAggregator(
                attribution,
                Ticker.systemTicker(),
                DEFAULT_MAX_FLOWS,
                DEFAULT_UNANSWERED_EXPIRY,
                DEFAULT_ANSWERED_EXPIRY);
    }

    /** Folds one event into the open window. */
    public synchronized void accept(ConntrackEvent event) {
        FlowKey key = new FlowKey(event.id(), event.original());
        switch (event.type()) {
            case NEW -> {
                if (flows.getIfPresent(key) != null) {
                    untrackedEvents++; // a repeated NEW must not count twice
                    return;
                }
                Flow flow = new Flow(owner(event.original().src()));
                counts(flow.vmid).newConnection(event.original().dst());
                observe(flow, event);
                flows.put(key, flow);
            }
            case UPDATE -> {
                Flow flow = flows.getIfPresent(key);
                if (flow == null) {
                    untrackedEvents++;
                    return;
                }
                observe(flow, event);
                flows.put(key, flow); // rewrite: restarts expiry, now with the answered duration
            }
            case DESTROY -> {
                Flow flow = flows.asMap().remove(key);
                if (flow == null) {
                    untrackedEvents++;
                } else {
                    observe(flow, event);
                    if (event.unreplied() && !flow.answered && !flow.outcomeCounted) {
                        flow.outcomeCounted = true;
                        if (event.state() == TcpState.CLOSE) {
                            counts(flow.vmid).resetOrRefused();
                        } else {
                            counts(flow.vmid).unreplied();
                        }
                    }
                }
                if (event.originalCounters() != null) {
                    Integer vmid = flow != null ? flow.vmid : owner(event.original().src());
                    counts(vmid).bytesSent(event.originalCounters().bytes());
                }
            }
        }
    }

    /**
     * Closes the open window and starts the next one. Flows that expired by now are counted first.
     *
     * @param start the window's start
     * @param end the window's end, not before start
     */
    public synchronized SmtpWindows closeWindow(Instant start, Instant end) {
        flows.cleanUp();
        Map<Integer, SmtpWindow> windows = new HashMap<>();
        byVmid.forEach((vmid, c) -> windows.put(vmid, c.toWindow(start, end)));
        SmtpWindow rest = unattributed.toWindow(start, end);
        byVmid.clear();
        unattributed = new GuestSmtpCounts();
        return new SmtpWindows(windows, rest);
    }

    /** Flows dropped because {@code maxFlows} was reached; their outcomes are not counted. */
    public synchronized long evictedFlows() {
        return evictedFlows;
    }

    /** UPDATE/DESTROY events of flows not tracked, and repeated NEWs. */
    public synchronized long untrackedEvents() {
        return untrackedEvents;
    }

    /** Flows tracked now (approximate, as Caffeine reports it). */
    public long trackedFlows() {
        return flows.estimatedSize();
    }

    private void observe(Flow flow, ConntrackEvent event) {
        if (!event.unreplied()) {
            flow.answered = true;
        }
        if (!flow.established && (event.assured() || event.state() == TcpState.ESTABLISHED)) {
            flow.established = true;
            counts(flow.vmid).established();
        }
        switch (event.state()) {
            case FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT -> flow.orderlyClose = true;
            case CLOSE -> {
                if (flow.answered && !flow.orderlyClose && !flow.outcomeCounted) {
                    flow.outcomeCounted = true;
                    counts(flow.vmid).resetOrRefused();
                }
            }
            default -> {}
        }
    }

    private synchronized void onRemoval(FlowKey key, Flow flow, RemovalCause cause) {
        if (flow == null) {
            return;
        }
        if (cause == RemovalCause.EXPIRED && !flow.answered && !flow.outcomeCounted) {
            flow.outcomeCounted = true;
            counts(flow.vmid).unreplied();
        } else if (cause == RemovalCause.SIZE) {
            evictedFlows++;
        }
    }

    private Integer owner(InetAddress source) {
        OptionalInt vmid = attribution.apply(source);
        return vmid.isPresent() ? vmid.getAsInt() : null;
    }

    private GuestSmtpCounts counts(Integer vmid) {
        return vmid == null
                ? unattributed
                : byVmid.computeIfAbsent(vmid, v -> new GuestSmtpCounts());
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }

    /** Conntrack ids are reused, so the tuple is part of the key; a null id keys on the tuple. */
    private record FlowKey(Long id, ConntrackTuple original) {}

    /** Per-flow state; only touched under the aggregator's lock. */
    private static final class Flow {
        final Integer vmid;
        boolean answered;
        boolean established;
        boolean orderlyClose;
        boolean outcomeCounted;

        Flow(Integer vmid) {
            this.vmid = vmid;
        }
    }
}

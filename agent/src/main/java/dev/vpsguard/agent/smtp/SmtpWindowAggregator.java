package dev.vpsguard.agent.smtp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vpsguard.agent.smtp.ConntrackEvent.TcpState;
import dev.vpsguard.agent.smtp.ConntrackEvent.Tuple;
import dev.vpsguard.agent.smtp.ConntrackEvent.Type;
import dev.vpsguard.protocol.SmtpWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns conntrack events into per-guest {@link SmtpWindow} counts. Each flow is attributed to a
 * guest once, by the source address of its first event, and every later event of the flow counts
 * for that guest. The rules, derived from the lines captured in {@code
 * src/test/resources/conntrack/} (kernel 6.18, conntrack 1.4.7):
 *
 * <ul>
 *   <li><b>new connection</b>: a NEW event. A SYN retransmitted after the kernel expired the
 *       unreplied flow makes a second NEW for the same tuple (seen in the captures), and counts
 *       again.
 *   <li><b>distinct destinations / prefixes</b>: destination addresses (and their IPv4 /24 or IPv6
 *       /48) of NEW events, counted exactly up to {@link Limits#distinctCap} per guest and window
 *       and saturating at it.
 *   <li><b>established</b>: the first event of a flow in state ESTABLISHED or flagged ASSURED.
 *   <li><b>reset or refused</b>: a DESTROY in state CLOSE, which the kernel only enters on an RST.
 *       Refused ({@code CLOSE [UNREPLIED]}: the RST answered the SYN, and the kernel killed the
 *       flow before marking it replied) and reset after the session started ({@code CLOSE
 *       [ASSURED]}) both count.
 *   <li><b>unreplied</b>: a DESTROY still flagged UNREPLIED in any other state (the kernel's
 *       SYN_SENT timeout), or a flow that this class expires while it is still unreplied (its
 *       DESTROY was lost, e.g. to a netlink buffer overrun).
 *   <li><b>bytes sent</b>: the original-direction byte counter of DESTROY events. Only DESTROY
 *       lines carry counters, so a flow's bytes count in the window in which it ends. Reported as
 *       {@code null} until some event carried counters (accounting off).
 * </ul>
 *
 * <p>Flow state lives in a Caffeine cache bounded in size and time and keyed on conntrack id plus
 * original tuple, so that an id the kernel reuses for another flow cannot merge the two. The class
 * is thread-safe: events and window closes may come from different threads.
 */
public final class SmtpWindowAggregator {
    private final SourceAttribution attribution;
    private final Limits limits;
    private final Cache<FlowKey, Flow> flows;
    private final Map<Integer, WindowCounts> window = new HashMap<>();
    private final Map<Integer, long[]> totals = new HashMap<>();
    private Instant windowStart;
    private boolean accounting;

    /**
     * @param attribution source address → vmid
     * @param limits memory bounds
     * @param ticker Caffeine's clock for flow expiry (nanoseconds)
     * @param windowStart start of the first window
     */
    public SmtpWindowAggregator(
            SourceAttribution attribution, Limits limits, Ticker ticker, Instant windowStart) {
        this.attribution = Objects.requireNonNull(attribution, "attribution");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.windowStart = Objects.requireNonNull(windowStart, "windowStart");
        this.flows =
                Caffeine.newBuilder()
                        .maximumSize(limits.maxFlows())
                        .expireAfter(new FlowExpiry(limits))
                        .ticker(ticker)
                        .executor(Runnable::run)
                        .removalListener(this::removed)
                        .recordStats()
                        .build();
    }

    /** Counts one event. */
    public synchronized void accept(ConntrackEvent event) {
        FlowKey key = new FlowKey(event.id(), event.original());
        Flow flow;
        if (event.type() == Type.NEW) {
            flow = new Flow(attribution.vmidOf(event.original().source()));
            WindowCounts counts = counts(flow.vmid);
            counts.newConnections++;
            counts.destination(event.original().destination());
            total(flow.vmid)[0]++;
        } else {
            flow =
                    event.type() == Type.DESTROY
                            ? flows.asMap().remove(key)
                            : flows.getIfPresent(key);
            if (flow == null) {
                // Its NEW came before the agent started, or the flow was evicted.
                flow = new Flow(attribution.vmidOf(event.original().source()));
            }
        }
        if (!flow.established && (event.state() == TcpState.ESTABLISHED || event.assured())) {
            flow.established = true;
            counts(flow.vmid).established++;
            total(flow.vmid)[3]++;
        }
        flow.replied |= !event.unreplied();
        if (event.type() == Type.DESTROY) {
            destroyed(event, flow.vmid);
        } else {
            flows.put(key, flow); // put again: the expiry depends on whether it was replied
        }
    }

    private void destroyed(ConntrackEvent event, int vmid) {
        if (event.state() == TcpState.CLOSE) {
            counts(vmid).resetOrRefused++;
            total(vmid)[2]++;
        } else if (event.unreplied()) {
            counts(vmid).unreplied++;
            total(vmid)[1]++;
        }
        if (event.originalCounters() != null) {
            accounting = true;
            counts(vmid).bytesSent += event.originalCounters().bytes();
            total(vmid)[4] += event.originalCounters().bytes();
        }
    }

    private synchronized void removed(FlowKey key, Flow flow, RemovalCause cause) {
        if (cause == RemovalCause.EXPIRED && flow != null && !flow.replied) {
            counts(flow.vmid).unreplied++;
            total(flow.vmid)[1]++;
        }
    }

    /**
     * Closes the open window at {@code end} and opens the next one there.
     *
     * @return one window per guest with activity, plus the unattributed one
     */
    public synchronized SmtpWindows closeWindow(Instant end) {
        flows.cleanUp(); // count flows that expired unreplied in this window
        Map<Integer, SmtpWindow> byGuest = new HashMap<>();
        SmtpWindow unattributed = null;
        for (Map.Entry<Integer, WindowCounts> entry : window.entrySet()) {
            SmtpWindow closed = entry.getValue().toWindow(windowStart, end, accounting);
            if (entry.getKey() == SourceAttribution.UNATTRIBUTED) {
                unattributed = closed;
            } else if (!entry.getValue().isEmpty()) {
                byGuest.put(entry.getKey(), closed);
            }
        }
        if (unattributed == null) {
            unattributed = new WindowCounts(1).toWindow(windowStart, end, accounting);
        }
        window.clear();
        windowStart = end;
        return new SmtpWindows(byGuest, unattributed);
    }

    /** The flow table, for {@code CacheMetricsCollector} (it records stats). */
    public Cache<?, ?> flowCache() {
        return flows;
    }

    /** Running totals since start, by vmid ({@link SourceAttribution#UNATTRIBUTED} included). */
    public synchronized Map<Integer, SmtpTotals> totals() {
        Map<Integer, SmtpTotals> copy = new HashMap<>();
        totals.forEach((vmid, t) -> copy.put(vmid, new SmtpTotals(t[0], t[1], t[2], t[3], t[4])));
        return copy;
    }

    private WindowCounts counts(int vmid) {
        return window.computeIfAbsent(vmid, v -> new WindowCounts(limits.distinctCap()));
    }

    private long[] total(int vmid) {
        return totals.computeIfAbsent(vmid, v -> new long[5]);
    }

    /**
     * Memory bounds.
     *
     * @param maxFlows flows tracked at once (about 300 bytes each); beyond it the least useful are
     *     evicted and their later events count as flows of unknown start
     * @param unrepliedTtl how long an unreplied flow is kept without events; keep it above the
     *     kernel's {@code nf_conntrack_tcp_timeout_syn_sent} (120 s) so the kernel's DESTROY
     *     normally comes first
     * @param repliedTtl the same for replied flows; above the kernel's established timeout (5 days)
     * @param distinctCap distinct destinations (and prefixes) counted per guest and window
     */
    public record Limits(
            int maxFlows, Duration unrepliedTtl, Duration repliedTtl, int distinctCap) {
        /** 65536 flows (about 20 MB), 5 minutes, 6 days, 65536 destinations. */
        public static final Limits DEFAULTS =
                new Limits(65_536, Duration.ofMinutes(5), Duration.ofDays(6), 65_536);

        public Limits {
            if (maxFlows < 1 || distinctCap < 1) {
                throw new IllegalArgumentException(
                        "maxFlows and distinctCap must be positive, were "
                                + maxFlows
                                + " and "
                                + distinctCap);
            }
            if (unrepliedTtl.isNegative()
                    || unrepliedTtl.isZero()
                    || repliedTtl.isNegative()
                    || repliedTtl.isZero()) {
                throw new IllegalArgumentException(
                        "ttls must be positive, were " + unrepliedTtl + " and " + repliedTtl);
            }
        }
    }

    private record FlowKey(long id, Tuple original) {}

    private static final class Flow {
        final int vmid;
        boolean replied;
        boolean established;

        Flow(int vmid) {
            this.vmid = vmid;
        }
    }

    private static final class FlowExpiry implements Expiry<FlowKey, Flow> {
        private final long unrepliedNanos;
        private final long repliedNanos;

        FlowExpiry(Limits limits) {
            unrepliedNanos = limits.unrepliedTtl().toNanos();
            repliedNanos = limits.repliedTtl().toNanos();
        }

        @Override
        public long expireAfterCreate(FlowKey key, Flow flow, long now) {
            return flow.replied ? repliedNanos : unrepliedNanos;
        }

        @Override
        public long expireAfterUpdate(FlowKey key, Flow flow, long now, long current) {
            return expireAfterCreate(key, flow, now);
        }

        @Override
        public long expireAfterRead(FlowKey key, Flow flow, long now, long current) {
            return current;
        }
    }
}

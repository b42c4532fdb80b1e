package dev.vpsguard.agent.smtp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vpsguard.agent.smtp.ConntrackEvent.TcpState;
import dev.vpsguard.agent.smtp.ConntrackEvent.Tuple;
import dev.vpsguard.agent.smtp.ConntrackEvent.Type;
import dev.vpsguard.protocol.RecentDistinct;
import dev.vpsguard.protocol.SmtpWindow;
import java.net.InetAddress;
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
 *       and saturating at it; and over the last 10 minutes of whole windows ({@link
 *       dev.vpsguard.protocol.RecentDistinct}), which the server cannot add up from the windows. A
 *       guest with activity in those 10 minutes gets a window (with that union) even when the
 *       window itself was quiet.
 *   <li><b>established</b>: the first event of a flow in state ESTABLISHED or flagged ASSURED.
 *   <li><b>reset or refused</b>: a DESTROY in state CLOSE, which the kernel only enters on an RST.
 *       Refused ({@code CLOSE [UNREPLIED]}: the RST answered the SYN, and the kernel killed the
 *       flow before marking it replied) and reset after the session started ({@code CLOSE
 *       [ASSURED]}) both count.
 *   <li><b>unreplied</b>: a flow still unreplied {@link Limits#unrepliedTtl} after its last event
 *       (set just above the kernel's SYN_SENT timeout, so this is "the kernel gave up on it"), or a
 *       DESTROY still flagged UNREPLIED in any other state than CLOSE, whichever comes first; a
 *       flow counts once. Counting at the timeout rather than at the DESTROY matters: the kernel
 *       only destroys an expired entry when its garbage collector next passes, which was seen to
 *       take 30 s and more on an otherwise idle table.
 *   <li><b>bytes sent</b>: the original-direction byte counter of DESTROY events. Only DESTROY
 *       lines carry counters, so a flow's bytes count in the window in which it ends. Reported as
 *       {@code null} until some event carried counters (accounting off).
 * </ul>
 *
 * <p><b>Unordered streams.</b> The agent reads NEW/DESTROY and UPDATE events from separate
 * conntrack sockets, so a flow's UPDATE may come before its NEW, or after its DESTROY. A NEW adopts
 * the flow an earlier UPDATE created; an UPDATE or DESTROY for a flow that ended (destroyed in the
 * last {@link #TOMBSTONE_TTL}, or counted unreplied at its timeout) is ignored.
 *
 * <p><b>Late attribution.</b> A flow whose source no guest owns yet (a guest that just changed its
 * address, before the next refresh of the {@link GuestAddressBook} learned it) is counted per
 * source address, and attributed when the window closes, after that refresh: the address's owner
 * then, if any, gets the counts; otherwise they go to the unattributed window. Later events of such
 * a flow look its owner up again. At most {@link #MAX_PENDING_SOURCES} sources are held per window;
 * beyond that the counts go straight to the unattributed window.
 *
 * <p>Flow state lives in a Caffeine cache bounded in size and time and keyed on conntrack id plus
 * original tuple, so that an id the kernel reuses for another flow cannot merge the two. The class
 * is thread-safe: events and window closes may come from different threads.
 */
public final class SmtpWindowAggregator {
    /** Unowned source addresses held per window for late attribution. */
    public static final int MAX_PENDING_SOURCES = 4096;

    /** How long a destroyed flow's key is remembered, to ignore its late UPDATE events. */
    public static final Duration TOMBSTONE_TTL = Duration.ofSeconds(10);

    private final SourceAttribution attribution;
    private final Limits limits;
    private final Cache<FlowKey, Flow> flows;
    private final Map<Integer, WindowCounts> window = new HashMap<>();
    private final Map<Integer, long[]> totals = new HashMap<>();
    private final Map<InetAddress, WindowCounts> pending = new HashMap<>();
    private final Map<Integer, RecentDestinations> recent = new HashMap<>();

    /** The start of the first window: the union of a guest's destinations covers no earlier. */
    private final Instant observedSince;

    /** Flows already counted unreplied at their timeout, so that their DESTROY counts no more. */
    private final Cache<FlowKey, Boolean> countedUnreplied;

    /** Flows destroyed lately, so that an UPDATE read after their DESTROY counts no more. */
    private final Cache<FlowKey, Boolean> destroyed;

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
        this.observedSince = windowStart;
        this.flows =
                Caffeine.newBuilder()
                        .maximumSize(limits.maxFlows())
                        .expireAfter(new FlowExpiry(limits))
                        .ticker(ticker)
                        .executor(Runnable::run)
                        .removalListener(this::removed)
                        .recordStats()
                        .build();
        this.countedUnreplied =
                Caffeine.newBuilder()
                        .maximumSize(limits.maxFlows())
                        // The kernel's garbage collector may take minutes to destroy the entry.
                        .expireAfterWrite(limits.unrepliedTtl().plusMinutes(10))
                        .ticker(ticker)
                        .executor(Runnable::run)
                        .build();
        this.destroyed =
                Caffeine.newBuilder()
                        .maximumSize(2L * limits.maxFlows())
                        .expireAfterWrite(TOMBSTONE_TTL)
                        .ticker(ticker)
                        .executor(Runnable::run)
                        .build();
    }

    /** Counts one event. */
    public synchronized void accept(ConntrackEvent event) {
        FlowKey key = new FlowKey(event.id(), event.original());
        Flow flow;
        InetAddress source = event.original().source();
        if (event.type() == Type.NEW) {
            flow = flows.getIfPresent(key);
            if (flow == null || flow.sawNew) {
                flow = new Flow(attribution.vmidOf(source), source);
            } // else: its UPDATE came first, on the other socket; adopt that flow
            flow.sawNew = true;
            WindowCounts counts = counts(flow);
            counts.newConnections++;
            counts.destination(event.original().destination());
            total(flow, 0, 1);
        } else {
            if (event.type() == Type.UPDATE && destroyed.getIfPresent(key) != null) {
                return; // read after its DESTROY, which counted everything
            }
            flow =
                    event.type() == Type.DESTROY
                            ? flows.asMap().remove(key)
                            : flows.getIfPresent(key);
            if (flow == null && countedUnreplied.getIfPresent(key) != null) {
                if (event.type() == Type.DESTROY) {
                    countedUnreplied.invalidate(key);
                }
                return; // counted unreplied at its timeout already
            }
            if (flow == null) {
                // Its NEW came before the agent started, or the flow was evicted.
                flow = new Flow(attribution.vmidOf(source), source);
            } else if (flow.vmid == SourceAttribution.UNATTRIBUTED) {
                flow.vmid = attribution.vmidOf(source);
            }
        }
        if (!flow.established && (event.state() == TcpState.ESTABLISHED || event.assured())) {
            flow.established = true;
            counts(flow).established++;
            total(flow, 3, 1);
        }
        flow.replied |= !event.unreplied();
        if (event.type() == Type.DESTROY) {
            destroyed.put(key, Boolean.TRUE);
            destroyed(event, flow);
        } else {
            flows.put(key, flow); // put again: the expiry depends on whether it was replied
        }
    }

    private void destroyed(ConntrackEvent event, Flow flow) {
        if (event.state() == TcpState.CLOSE) {
            counts(flow).resetOrRefused++;
            total(flow, 2, 1);
        } else if (event.unreplied()) {
            counts(flow).unreplied++;
            total(flow, 1, 1);
        }
        if (event.originalCounters() != null) {
            accounting = true;
            counts(flow).bytesSent += event.originalCounters().bytes();
            total(flow, 4, event.originalCounters().bytes());
        }
    }

    private synchronized void removed(FlowKey key, Flow flow, RemovalCause cause) {
        if (cause == RemovalCause.EXPIRED && flow != null && !flow.replied) {
            countedUnreplied.put(key, Boolean.TRUE);
            counts(flow).unreplied++;
            total(flow, 1, 1);
        }
    }

    /**
     * Closes the open window at {@code end} and opens the next one there.
     *
     * @return one window per guest with activity, plus the unattributed one
     */
    public synchronized SmtpWindows closeWindow(Instant end) {
        flows.cleanUp(); // count flows that expired unreplied in this window
        for (Map.Entry<InetAddress, WindowCounts> entry : pending.entrySet()) {
            int vmid = attribution.vmidOf(entry.getKey());
            WindowCounts source = entry.getValue();
            counts(vmid).add(source);
            long[] t = total(vmid);
            t[0] += source.newConnections;
            t[1] += source.unreplied;
            t[2] += source.resetOrRefused;
            t[3] += source.established;
            t[4] += source.bytesSent;
        }
        pending.clear();
        long endMs = end.toEpochMilli();
        for (Map.Entry<Integer, WindowCounts> entry : window.entrySet()) {
            if (entry.getKey() != SourceAttribution.UNATTRIBUTED) {
                entry.getValue()
                        .addTo(
                                recent.computeIfAbsent(
                                        entry.getKey(),
                                        v -> new RecentDestinations(limits.distinctCap())),
                                endMs);
            }
        }
        Instant spanStart = end.minus(RecentDestinations.SPAN);
        Instant since = spanStart.isAfter(observedSince) ? spanStart : observedSince;
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
        var it = recent.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, RecentDestinations> e = it.next();
            // Whole windows: the one that ended after the span's start counts in full.
            e.getValue().expire(spanStart.toEpochMilli());
            if (e.getValue().isEmpty()) {
                it.remove();
                continue;
            }
            SmtpWindow w = byGuest.get(e.getKey());
            if (w == null) {
                w = new WindowCounts(1).toWindow(windowStart, end, accounting);
            }
            byGuest.put(e.getKey(), w.withRecent(e.getValue().counts(since)));
        }
        byGuest.replaceAll(
                (vmid, w) ->
                        w.recent() != null ? w : w.withRecent(new RecentDistinct(since, 0, 0)));
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

    /**
     * Where a flow's counts go: its guest's window, or, while no guest owns its source, that
     * source's pending counts (the unattributed window once {@link #MAX_PENDING_SOURCES} is
     * reached).
     */
    private WindowCounts counts(Flow flow) {
        if (flow.vmid != SourceAttribution.UNATTRIBUTED) {
            return counts(flow.vmid);
        }
        WindowCounts held = pending.get(flow.source);
        if (held == null && pending.size() < MAX_PENDING_SOURCES) {
            held = new WindowCounts(limits.distinctCap());
            pending.put(flow.source, held);
        }
        return held != null ? held : counts(SourceAttribution.UNATTRIBUTED);
    }

    /** Running totals: pending counts are added when their window closes and they are placed. */
    private void total(Flow flow, int index, long n) {
        if (flow.vmid != SourceAttribution.UNATTRIBUTED || !pending.containsKey(flow.source)) {
            total(flow.vmid)[index] += n;
        }
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
     * @param unrepliedTtl how long an unreplied flow is kept without events before it counts as
     *     unreplied; just above the kernel's {@code nf_conntrack_tcp_timeout_syn_sent} (see {@link
     *     #forSynSentTimeout})
     * @param repliedTtl the same for replied flows; above the kernel's established timeout (5 days)
     * @param distinctCap distinct destinations (and prefixes) counted per guest and window
     */
    public record Limits(
            int maxFlows, Duration unrepliedTtl, Duration repliedTtl, int distinctCap) {
        /**
         * 65536 flows (about 20 MB), 122 s (the kernel's default SYN_SENT timeout, 120 s, plus 2),
         * 6 days, 65536 destinations.
         */
        public static final Limits DEFAULTS =
                new Limits(65_536, Duration.ofSeconds(122), Duration.ofDays(6), 65_536);

        /**
         * The defaults, with the unreplied TTL 2 s above the kernel's SYN_SENT timeout.
         *
         * @param synSentTimeout {@code net.netfilter.nf_conntrack_tcp_timeout_syn_sent}
         */
        public static Limits forSynSentTimeout(Duration synSentTimeout) {
            return new Limits(
                    DEFAULTS.maxFlows(),
                    synSentTimeout.plusSeconds(2),
                    DEFAULTS.repliedTtl(),
                    DEFAULTS.distinctCap());
        }

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
        final InetAddress source;
        int vmid;
        boolean sawNew;
        boolean replied;
        boolean established;

        Flow(int vmid, InetAddress source) {
            this.vmid = vmid;
            this.source = source;
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

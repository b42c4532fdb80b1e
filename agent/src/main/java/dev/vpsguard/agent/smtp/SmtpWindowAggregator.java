package dev.vpsguard.agent.smtp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vpsguard.agent.smtp.ConntrackEvent.TcpState;
import dev.vpsguard.agent.smtp.ConntrackEvent.Type;
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
 *   <li><b>each attempt has one outcome</b>, the first one known, counted once when it is known:
 *       established, refused or unanswered. An attempt still waiting at a window's close has none
 *       yet. How an established session ends is no failure: Postfix closes right after QUIT without
 *       reading the 221, the server's 221 meets a closed socket, the kernel answers it with an RST,
 *       and conntrack shows {@code CLOSE [ASSURED]} (recorded in {@code outcomes-ipv4.txt}); a
 *       server that greets with 554 and resets ends the same way.
 *   <li><b>established</b>: the first event of a flow in state ESTABLISHED or flagged ASSURED.
 *   <li><b>reset or refused</b>: an RST instead of a handshake: an event in state CLOSE of a flow
 *       that never established ({@code DESTROY CLOSE [UNREPLIED]}, at once, when nothing listens).
 *   <li><b>unreplied</b> (unanswered): no answer within {@link Limits#answerDeadline} of the NEW
 *       event, counted when the deadline passes (at the next event or window close after it, so in
 *       the window in which it falls), not at the kernel's SYN_SENT timeout (120 s by default, the
 *       DESTROY coming up to a minute later still). An ICMP error (host or port unreachable,
 *       administratively prohibited) does not change the TCP flow at all (recorded: it stays {@code
 *       SYN_SENT [UNREPLIED]} until its timeout), so it counts here. A DESTROY still flagged
 *       UNREPLIED before the deadline (a kernel timeout shorter than it, or the flow deleted)
 *       counts at once. A <b>late answer</b> (the handshake after the deadline) leaves the attempt
 *       unanswered, as already reported, and does not count it established too; its bytes still
 *       count when it ends. Beyond {@link Limits#maxFlows} attempts waiting at once, an attempt
 *       counts unanswered only when its flow expires, {@link Limits#unrepliedTtl} after its last
 *       event.
 *   <li><b>bytes sent</b>: the original-direction byte counter of DESTROY events. Only DESTROY
 *       lines carry counters, so a flow's bytes count in the window in which it ends. Reported as
 *       {@code null} until some event carried counters (accounting off).
 * </ul>
 *
 * <p><b>Unordered streams.</b> The agent reads NEW/DESTROY and UPDATE events from separate
 * conntrack sockets, so a flow's UPDATE may come before its NEW, or after its DESTROY. A NEW adopts
 * the flow an earlier UPDATE created; an UPDATE or DESTROY for a flow that ended (destroyed in the
 * last {@link #TOMBSTONE_TTL}, or expired after counting unanswered) is ignored, bar the bytes of
 * its DESTROY.
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
    private final Ticker ticker;
    private final Cache<TrackedFlow.Key, TrackedFlow> flows;
    private final AnswerDeadlines<TrackedFlow> deadlines;
    private final Map<Integer, WindowCounts> window = new HashMap<>();
    private final Map<Integer, long[]> totals = new HashMap<>();
    private final Map<InetAddress, WindowCounts> pending = new HashMap<>();

    /** Each guest's destinations over the last 10 minutes. */
    private final RecentWindows recent;

    /** Flows that expired after counting unanswered, so that their DESTROY counts no more. */
    private final Cache<TrackedFlow.Key, Boolean> countedUnreplied;

    /** Flows destroyed lately, so that an UPDATE read after their DESTROY counts no more. */
    private final Cache<TrackedFlow.Key, Boolean> destroyed;

    private Instant windowStart;
    private boolean accounting;

    /**
     * @param attribution source address → vmid
     * @param limits memory bounds and the answer deadline
     * @param ticker the clock of answer deadlines and flow expiry (nanoseconds)
     * @param windowStart start of the first window
     */
    public SmtpWindowAggregator(
            SourceAttribution attribution, Limits limits, Ticker ticker, Instant windowStart) {
        this.attribution = Objects.requireNonNull(attribution, "attribution");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.windowStart = Objects.requireNonNull(windowStart, "windowStart");
        this.recent = new RecentWindows(limits.distinctCap(), windowStart);
        this.deadlines =
                new AnswerDeadlines<>(limits.answerDeadline().toNanos(), limits.maxFlows());
        this.flows =
                Caffeine.newBuilder()
                        .maximumSize(limits.maxFlows())
                        .expireAfter(
                                new TrackedFlow.Expiry(limits.unrepliedTtl(), limits.repliedTtl()))
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

    /** Counts one event, after the attempts whose answer deadline passed before it. */
    public synchronized void accept(ConntrackEvent event) {
        long now = ticker.read();
        deadlines.expire(now, this::deadlinePassed);
        TrackedFlow.Key key = new TrackedFlow.Key(event.id(), event.original());
        TrackedFlow flow;
        InetAddress source = event.original().source();
        if (event.type() == Type.NEW) {
            flow = flows.getIfPresent(key);
            if (flow == null || flow.sawNew) {
                flow = new TrackedFlow(attribution.vmidOf(source), source);
            } // else: its UPDATE came first, on the other socket; adopt that flow
            flow.sawNew = true;
            WindowCounts counts = counts(flow);
            counts.newConnections++;
            counts.destination(event.original().destination());
            total(flow, 0, 1);
            if (event.unreplied() && !flow.replied && flow.outcome == 0) {
                // When full, the flow's expiry (unrepliedTtl) counts it, later.
                deadlines.add(flow, now);
            }
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
                    bytes(event, new TrackedFlow(attribution.vmidOf(source), source));
                }
                return; // counted unanswered, then expired from the table before its DESTROY
            }
            if (flow == null) {
                // Its NEW came before the agent started, or the flow was evicted.
                flow = new TrackedFlow(attribution.vmidOf(source), source);
            } else if (flow.vmid == SourceAttribution.UNATTRIBUTED) {
                flow.vmid = attribution.vmidOf(source);
            }
        }
        flow.replied |= !event.unreplied();
        outcome(event, flow);
        if (event.type() == Type.DESTROY) {
            destroyed.put(key, Boolean.TRUE);
            bytes(event, flow);
        } else {
            flows.put(key, flow); // put again: the expiry depends on whether it was replied
        }
    }

    /** Counts the attempt's outcome if this event is the first to tell it. */
    private void outcome(ConntrackEvent event, TrackedFlow flow) {
        if (flow.outcome != 0) {
            return; // a late answer, or the end of a session: told already
        }
        if (event.state() == TcpState.ESTABLISHED || event.assured()) {
            settle(flow, 3);
        } else if (event.state() == TcpState.CLOSE) {
            settle(flow, 2); // an RST instead of a handshake
        } else if (event.type() == Type.DESTROY && event.unreplied()) {
            settle(flow, 1); // ended unanswered before its deadline
        }
    }

    private void deadlinePassed(TrackedFlow flow) {
        if (flow.outcome == 0 && !flow.replied && !flow.evicted) {
            if (flow.vmid == SourceAttribution.UNATTRIBUTED) {
                flow.vmid = attribution.vmidOf(flow.source);
            }
            settle(flow, 1);
        }
    }

    /** Counts outcome {@code index} (1 unreplied, 2 reset or refused, 3 established) once. */
    private void settle(TrackedFlow flow, int index) {
        flow.outcome = index;
        WindowCounts counts = counts(flow);
        switch (index) {
            case 1 -> counts.unreplied++;
            case 2 -> counts.resetOrRefused++;
            default -> counts.established++;
        }
        total(flow, index, 1);
    }

    private void bytes(ConntrackEvent event, TrackedFlow flow) {
        if (event.originalCounters() != null) {
            accounting = true;
            counts(flow).bytesSent += event.originalCounters().bytes();
            total(flow, 4, event.originalCounters().bytes());
        }
    }

    private synchronized void removed(TrackedFlow.Key key, TrackedFlow flow, RemovalCause cause) {
        if (flow == null || cause == RemovalCause.EXPLICIT || cause == RemovalCause.REPLACED) {
            return;
        }
        if (cause == RemovalCause.EXPIRED && !flow.replied) {
            if (flow.outcome == 0) {
                settle(flow, 1); // it never got a deadline (too many waiting)
            }
            if (flow.outcome == 1) {
                countedUnreplied.put(key, Boolean.TRUE);
            }
        }
        flow.evicted = true; // its later events count as a flow of unknown start
    }

    /**
     * Closes the open window at {@code end} and opens the next one there.
     *
     * @return one window per guest with activity, plus the unattributed one
     */
    public synchronized SmtpWindows closeWindow(Instant end) {
        deadlines.expire(ticker.read(), this::deadlinePassed);
        flows.cleanUp(); // count the flows that expired unanswered without a deadline
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
        SmtpWindows closed = recent.close(window, windowStart, end, accounting);
        window.clear();
        windowStart = end;
        return closed;
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
    private WindowCounts counts(TrackedFlow flow) {
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
    private void total(TrackedFlow flow, int index, long n) {
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
     * Memory bounds and the answer deadline.
     *
     * @param maxFlows flows tracked at once (about 300 bytes each), and attempts waiting for an
     *     answer at once; beyond it the least useful flows are evicted and their later events count
     *     as flows of unknown start
     * @param answerDeadline how long an attempt may wait for the answer to its SYN before it counts
     *     as unanswered
     * @param unrepliedTtl how long an unreplied flow is kept without events; just above the
     *     kernel's {@code nf_conntrack_tcp_timeout_syn_sent} (see {@link #forSynSentTimeout}), so
     *     that its DESTROY still finds it
     * @param repliedTtl the same for replied flows; above the kernel's established timeout (5 days)
     * @param distinctCap distinct destinations (and prefixes) counted per guest and window
     */
    public record Limits(
            int maxFlows,
            Duration answerDeadline,
            Duration unrepliedTtl,
            Duration repliedTtl,
            int distinctCap) {
        /**
         * The answer deadline by default: a SYN and two retransmissions (at 1 s and 3 s on Linux, 3
         * s and 9 s on older stacks) fit in it, so one or two lost SYNs are not a failure, while a
         * dead address counts within one 5-second window or the next.
         */
        public static final Duration DEFAULT_ANSWER_DEADLINE = Duration.ofSeconds(5);

        /**
         * 65536 flows (about 20 MB), a 5 s answer deadline, 122 s (the kernel's default SYN_SENT
         * timeout, 120 s, plus 2), 6 days, 65536 destinations.
         */
        public static final Limits DEFAULTS =
                new Limits(
                        65_536,
                        DEFAULT_ANSWER_DEADLINE,
                        Duration.ofSeconds(122),
                        Duration.ofDays(6),
                        65_536);

        /**
         * The defaults, with the unreplied TTL 2 s above the kernel's SYN_SENT timeout.
         *
         * @param synSentTimeout {@code net.netfilter.nf_conntrack_tcp_timeout_syn_sent}
         */
        public static Limits forSynSentTimeout(Duration synSentTimeout) {
            return DEFAULTS.withUnrepliedTtl(synSentTimeout.plusSeconds(2));
        }

        /** These limits with another answer deadline. */
        public Limits withAnswerDeadline(Duration deadline) {
            return new Limits(maxFlows, deadline, unrepliedTtl, repliedTtl, distinctCap);
        }

        /** These limits with another unreplied TTL. */
        public Limits withUnrepliedTtl(Duration ttl) {
            return new Limits(maxFlows, answerDeadline, ttl, repliedTtl, distinctCap);
        }

        public Limits {
            if (maxFlows < 1 || distinctCap < 1) {
                throw new IllegalArgumentException(
                        "maxFlows and distinctCap must be positive, were "
                                + maxFlows
                                + " and "
                                + distinctCap);
            }
            for (Duration d : new Duration[] {answerDeadline, unrepliedTtl, repliedTtl}) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException(
                            "the answer deadline and ttls must be positive, were "
                                    + answerDeadline
                                    + ", "
                                    + unrepliedTtl
                                    + " and "
                                    + repliedTtl);
                }
            }
        }
    }
}

package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.smtp.SmtpWindowAggregator.Limits;
import dev.vpsguard.protocol.SmtpWindow;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpWindowAggregatorTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(5);
    private final AtomicLong nanos = new AtomicLong();

    /** The lab's guest 101 sends from .101 (IPv4) and ::101 (IPv6). */
    private static int labGuest(InetAddress source) {
        String text = source.getHostAddress();
        return text.equals("198.51.100.101") || text.equals("2001:db8:100:0:0:0:0:101")
                ? 101
                : SourceAttribution.UNATTRIBUTED;
    }

    private SmtpWindowAggregator aggregator(Limits limits) {
        return new SmtpWindowAggregator(SmtpWindowAggregatorTest::labGuest, limits, nanos::get, T0);
    }

    private static SmtpWindow replay(SmtpWindowAggregator aggregator, List<String> lines)
            throws ConntrackParseException {
        for (String line : lines) {
            aggregator.accept(ConntrackEventParser.parse(line));
        }
        return aggregator.closeWindow(T1).forGuest(101);
    }

    /** The captured lines of flows to one lab "MX" (.202 accepts, .203 refuses, …). */
    private static List<String> toMx(String file, String lastOctets) {
        String v4 = "dst=198.51.100." + lastOctets + " ";
        String v6 = "dst=2001:db8:100::" + lastOctets + " ";
        return Fixtures.lines(file).stream().filter(l -> l.contains(v4) || l.contains(v6)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4-acct-off.txt", "ipv6-acct-off.txt", "ipv6-extended-acct-on.txt"})
    void connectionRefusedByRstCountsAsResetOrRefusedOnly(String file) throws Exception {
        SmtpWindow w = replay(aggregator(Limits.DEFAULTS), toMx(file, "203"));
        assertThat(w.newConnections()).isEqualTo(1);
        assertThat(w.resetOrRefused()).isEqualTo(1);
        assertThat(w.unreplied()).isZero();
        assertThat(w.established()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4-acct-on.txt", "ipv6-acct-on.txt"})
    void droppedSynsCountAsUnrepliedWhenTheKernelDestroysTheFlow(String file) throws Exception {
        List<String> lines = toMx(file, "204");
        SmtpWindow w = replay(aggregator(Limits.DEFAULTS), lines);
        long destroys = lines.stream().filter(l -> l.contains("[DESTROY]")).count();
        assertThat(destroys).isPositive();
        assertThat(w.unreplied()).isEqualTo(destroys);
        assertThat(w.resetOrRefused()).isZero();
        assertThat(w.established()).isZero();
        assertThat(w.distinctDestinations()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4-acct-on-expiry.txt", "ipv6-acct-on-expiry.txt"})
    void acceptedMailIsEstablishedWithoutFailureAndItsBytesCountAtDestroy(String file)
            throws Exception {
        List<String> lines = toMx(file, "205");
        SmtpWindow w = replay(aggregator(Limits.DEFAULTS), lines);
        // One flow starts and ends here; another, begun in an earlier capture, ends here too.
        assertThat(w.newConnections()).isEqualTo(1);
        assertThat(w.established()).isEqualTo(2);
        assertThat(w.unreplied()).isZero();
        assertThat(w.resetOrRefused()).isZero();
        long expected = 0;
        for (String line : lines) {
            ConntrackEvent e = ConntrackEventParser.parse(line);
            expected += e.originalCounters() == null ? 0 : e.originalCounters().bytes();
        }
        assertThat(w.bytesSent()).isEqualTo(expected).isGreaterThan(500L);
    }

    @Test
    void serverResetAfterItsGreetingIsEstablishedAndNoFailure() throws Exception {
        SmtpWindow w = replay(aggregator(Limits.DEFAULTS), toMx("ipv4-acct-on-expiry.txt", "206"));
        // Two flows end here (DESTROY CLOSE [ASSURED]): this capture's, and one begun in an
        // earlier capture. The RST came after the handshake: the attempt did not fail.
        assertThat(w.newConnections()).isEqualTo(1);
        assertThat(w.established()).isEqualTo(2);
        assertThat(w.resetOrRefused()).isZero();
        assertThat(w.unreplied()).isZero();
    }

    @Test
    void bytesAreNullWithoutAccountingAndZeroForQuietGuestsWithIt() throws Exception {
        SmtpWindowAggregator off = aggregator(Limits.DEFAULTS);
        assertThat(replay(off, Fixtures.lines("ipv4-acct-off.txt")).bytesSent()).isNull();
        SmtpWindowAggregator on = aggregator(Limits.DEFAULTS);
        replay(on, Fixtures.lines("ipv4-acct-on.txt"));
        assertThat(on.closeWindow(T1.plusSeconds(5)).forGuest(101).bytesSent()).isZero();
    }

    @Test
    void countsDistinctDestinationsAndTheirSlash24AndSlash48Prefixes() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.DEFAULTS);
        int id = 1;
        for (String dst :
                List.of(
                        "192.0.2.1",
                        "192.0.2.2",
                        "192.0.2.2",
                        "203.0.113.9",
                        "2001:db8:1:2::1",
                        "2001:db8:1:3::1",
                        "2001:db8:2::1")) {
            a.accept(
                    newFlow(id++, dst.contains(":") ? "2001:db8:100::101" : "198.51.100.101", dst));
        }
        SmtpWindow w = a.closeWindow(T1).forGuest(101);
        assertThat(w.newConnections()).isEqualTo(7);
        assertThat(w.distinctDestinations()).isEqualTo(6);
        assertThat(w.distinctPrefixes()).isEqualTo(4);
    }

    @Test
    void distinctCountsSaturateAtTheCap() throws Exception {
        SmtpWindowAggregator a =
                aggregator(
                        new Limits(
                                100,
                                Limits.DEFAULT_ANSWER_DEADLINE,
                                Duration.ofMinutes(5),
                                Duration.ofDays(1),
                                10));
        for (int i = 0; i < 30; i++) {
            a.accept(newFlow(i, "198.51.100.101", "10.0." + i + ".1"));
        }
        SmtpWindow w = a.closeWindow(T1).forGuest(101);
        assertThat(w.newConnections()).isEqualTo(30);
        assertThat(w.distinctDestinations()).isEqualTo(10);
        assertThat(w.distinctPrefixes()).isEqualTo(10);
    }

    @Test
    void aReusedConntrackIdDoesNotMergeTwoFlows() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.DEFAULTS);
        a.accept(newFlow(7, "198.51.100.101", "192.0.2.1"));
        a.accept(newFlow(7, "198.51.100.101", "192.0.2.2"));
        a.accept(event("UPDATE", 7, "ESTABLISHED", "198.51.100.101", "192.0.2.1", "[ASSURED]"));
        a.accept(event("DESTROY", 7, "SYN_SENT", "198.51.100.101", "192.0.2.2", ""));
        SmtpWindow w = a.closeWindow(T1).forGuest(101);
        assertThat(w.established()).isEqualTo(1);
        assertThat(w.unreplied()).isEqualTo(1);
    }

    @Test
    void anAttemptWithoutAnswerCountsUnansweredInTheWindowOfItsDeadline() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.DEFAULTS);
        a.accept(newFlow(1, "198.51.100.101", "192.0.2.1"));
        a.accept(newFlow(2, "198.51.100.101", "192.0.2.2"));
        a.accept(event("UPDATE", 2, "ESTABLISHED", "198.51.100.101", "192.0.2.2", "[ASSURED]"));
        nanos.set(Duration.ofMillis(4_999).toNanos());
        assertThat(a.closeWindow(T0.plusMillis(4_999)).forGuest(101).unreplied()).isZero();
        nanos.set(Duration.ofSeconds(5).toNanos()); // the deadline, exactly
        SmtpWindow w = a.closeWindow(T0.plusSeconds(5)).forGuest(101);
        assertThat(w.unreplied()).isEqualTo(1);
        assertThat(w.newConnections()).isZero();
        nanos.addAndGet(Duration.ofMinutes(6).toNanos()); // past every timeout
        assertThat(a.closeWindow(T0.plusSeconds(365)).forGuest(101).unreplied()).isZero();
        assertThat(a.totals().get(101).unreplied()).isEqualTo(1);
        assertThat(a.flowCache().estimatedSize()).as("the unanswered flow expired").isEqualTo(1);
    }

    @Test
    void anAttemptCountedAtItsDeadlineDoesNotCountAgainAtItsDestroy() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.DEFAULTS);
        a.accept(newFlow(1, "198.51.100.101", "192.0.2.1"));
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(a.closeWindow(T1).forGuest(101).unreplied()).isEqualTo(1);
        // The kernel's SYN_SENT timeout (120 s): the DESTROY, while the flow is still tracked.
        nanos.addAndGet(Duration.ofSeconds(114).toNanos());
        a.accept(event("DESTROY", 1, "SYN_SENT", "198.51.100.101", "192.0.2.1", "[UNREPLIED]"));
        assertThat(a.closeWindow(T1.plusSeconds(5)).forGuest(101).unreplied()).isZero();
        assertThat(a.totals().get(101).unreplied()).isEqualTo(1);
    }

    @Test
    void norWhenItsDestroyComesAfterTheFlowExpired() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.forSynSentTimeout(Duration.ofSeconds(120)));
        a.accept(newFlow(1, "198.51.100.101", "192.0.2.1"));
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(a.closeWindow(T1).forGuest(101).unreplied()).isEqualTo(1);
        // The kernel's garbage collector destroys the entry a minute after its timeout.
        nanos.addAndGet(Duration.ofSeconds(180).toNanos());
        assertThat(a.closeWindow(T1.plusSeconds(5)).forGuest(101).unreplied()).isZero();
        assertThat(a.flowCache().estimatedSize()).isZero();
        a.accept(event("DESTROY", 1, "SYN_SENT", "198.51.100.101", "192.0.2.1", "[UNREPLIED]"));
        assertThat(a.closeWindow(T1.plusSeconds(10)).forGuest(101).unreplied()).isZero();
        assertThat(a.totals().get(101).unreplied()).isEqualTo(1);
    }

    @Test
    void anAttemptThatEndsUnansweredBeforeItsDeadlineCountsAtItsDestroy() throws Exception {
        // A SYN_SENT timeout shorter than the deadline, as in the fixtures (3 s).
        SmtpWindowAggregator a = aggregator(Limits.DEFAULTS);
        a.accept(newFlow(1, "198.51.100.101", "192.0.2.1"));
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        a.accept(event("DESTROY", 1, "SYN_SENT", "198.51.100.101", "192.0.2.1", "[UNREPLIED]"));
        assertThat(a.closeWindow(T0.plusSeconds(3)).forGuest(101).unreplied()).isEqualTo(1);
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(a.closeWindow(T0.plusSeconds(13)).forGuest(101).unreplied()).isZero();
        assertThat(a.totals().get(101).unreplied()).isEqualTo(1);
    }

    @Test
    void beyondMaxFlowsWaitingAnAttemptCountsWhenItsFlowExpires() throws Exception {
        SmtpWindowAggregator a =
                aggregator(
                        new Limits(
                                2,
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(30),
                                Duration.ofDays(1),
                                10));
        a.accept(newFlow(1, "198.51.100.101", "192.0.2.1"));
        a.accept(newFlow(2, "198.51.100.101", "192.0.2.2"));
        a.accept(event("DESTROY", 1, "CLOSE", "198.51.100.101", "192.0.2.1", "[UNREPLIED]"));
        a.accept(newFlow(3, "198.51.100.101", "192.0.2.3")); // two are waiting still: no deadline
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        SmtpWindow atDeadline = a.closeWindow(T1).forGuest(101);
        assertThat(atDeadline.resetOrRefused()).isEqualTo(1);
        assertThat(atDeadline.unreplied()).as("flow 2 at its deadline").isEqualTo(1);
        nanos.addAndGet(Duration.ofSeconds(29).toNanos()); // 35 s: flow 3 expired at 30 s
        assertThat(a.closeWindow(T1.plusSeconds(29)).forGuest(101).unreplied()).isEqualTo(1);
        assertThat(a.totals().get(101).unreplied()).isEqualTo(2);
    }

    @Test
    void anUpdateReadBeforeItsNewFromTheOtherSocketIsAdoptedByTheNew() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.forSynSentTimeout(Duration.ofSeconds(5)));
        a.accept(event("UPDATE", 3, "ESTABLISHED", "198.51.100.101", "192.0.2.1", "[ASSURED]"));
        a.accept(newFlow(3, "198.51.100.101", "192.0.2.1"));
        nanos.addAndGet(Duration.ofSeconds(60).toNanos()); // a long session: not unreplied
        SmtpWindow w = a.closeWindow(T1).forGuest(101);
        assertThat(w.newConnections()).isEqualTo(1);
        assertThat(w.established()).isEqualTo(1);
        assertThat(w.unreplied()).isZero();
        a.accept(event("DESTROY", 3, "TIME_WAIT", "198.51.100.101", "192.0.2.1", "[ASSURED]"));
        SmtpWindow end = a.closeWindow(T1.plusSeconds(5)).forGuest(101);
        assertThat(end.established()).isZero();
        assertThat(end.unreplied()).isZero();
        assertThat(end.resetOrRefused()).isZero();
    }

    @Test
    void anUpdateReadAfterItsDestroyCountsNothing() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.DEFAULTS);
        a.accept(newFlow(4, "198.51.100.101", "192.0.2.1"));
        a.accept(event("DESTROY", 4, "CLOSE", "198.51.100.101", "192.0.2.1", "[ASSURED]"));
        a.accept(event("UPDATE", 4, "ESTABLISHED", "198.51.100.101", "192.0.2.1", "[ASSURED]"));
        SmtpWindow w = a.closeWindow(T1).forGuest(101);
        assertThat(w.newConnections()).isEqualTo(1);
        assertThat(w.established()).isEqualTo(1);
        assertThat(w.resetOrRefused()).as("an RST after the handshake").isZero();
        assertThat(a.flowCache().estimatedSize()).isZero();
    }

    @Test
    void theFlowTableStaysWithinItsMaximumSize() throws Exception {
        SmtpWindowAggregator a =
                aggregator(
                        new Limits(
                                50,
                                Limits.DEFAULT_ANSWER_DEADLINE,
                                Duration.ofMinutes(5),
                                Duration.ofDays(1),
                                10));
        for (int i = 0; i < 5_000; i++) {
            a.accept(newFlow(i, "198.51.100.101", "192.0.2.1"));
        }
        a.flowCache().cleanUp();
        assertThat(a.flowCache().estimatedSize()).isLessThanOrEqualTo(50);
        assertThat(a.flowCache().stats().evictionCount()).isGreaterThanOrEqualTo(4_950);
        assertThat(a.closeWindow(T1).forGuest(101).newConnections()).isEqualTo(5_000);
    }

    @Test
    void closingAWindowStartsTheNextAtItsEnd() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.DEFAULTS);
        a.accept(newFlow(1, "198.51.100.101", "192.0.2.1"));
        SmtpWindows first = a.closeWindow(T1);
        SmtpWindows second = a.closeWindow(T1.plusSeconds(5));
        assertThat(first.forGuest(101).start()).isEqualTo(T0);
        assertThat(first.forGuest(101).end()).isEqualTo(T1);
        assertThat(first.byGuest()).containsOnlyKeys(101);
        // Quiet, but its destination of 5 s ago still counts in the 10-minute union.
        assertThat(second.byGuest()).containsOnlyKeys(101);
        assertThat(second.forGuest(101).start()).isEqualTo(T1);
        assertThat(second.forGuest(101).newConnections()).isZero();
        assertThat(second.forGuest(101).distinctDestinations()).isZero();
        assertThat(second.forGuest(101).recent().destinations()).isEqualTo(1);
        assertThat(a.closeWindow(T1.plusSeconds(10)).forGuest(102).recent())
                .as("a guest without any activity")
                .isNull();
    }

    @Test
    void theTenMinuteUnionCountsAProviderMailedInEveryWindowOnce() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.DEFAULTS);
        int id = 1;
        SmtpWindow w = null;
        // 5-second windows for 10 minutes: two providers' MX in every window, a new one in some.
        for (int i = 1; i <= 120; i++) {
            a.accept(newFlow(id++, "198.51.100.101", "192.0.2.1"));
            a.accept(newFlow(id++, "198.51.100.101", "192.0.2.2"));
            if (i % 40 == 0) {
                a.accept(newFlow(id++, "198.51.100.101", "203.0.113." + i));
            }
            w = a.closeWindow(T0.plusSeconds(5L * i)).forGuest(101);
            assertThat(w.distinctDestinations()).isEqualTo(i % 40 == 0 ? 3 : 2);
        }
        // 192.0.2.1, .2 and three 203.0.113 addresses; two /24s
        assertThat(w.recent()).isEqualTo(new dev.vpsguard.protocol.RecentDistinct(T0, 5, 2));
    }

    @Test
    void theUnionForgetsWhatTenMinutesOfWholeWindowsNoLongerHold() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.DEFAULTS);
        a.accept(newFlow(1, "198.51.100.101", "192.0.2.1"));
        a.accept(newFlow(2, "198.51.100.101", "198.18.0.1"));
        a.closeWindow(T1); // [T0, T0+5s]
        a.accept(newFlow(3, "198.51.100.101", "192.0.2.1"));
        SmtpWindow refreshed = a.closeWindow(T1.plusSeconds(55)).forGuest(101); // ends T0+60s
        assertThat(refreshed.recent().destinations()).isEqualTo(2);
        assertThat(refreshed.recent().since()).isEqualTo(T0);
        // At T0+605s the first window (ended T0+5s) is out; 192.0.2.1 was seen again later.
        SmtpWindow later = a.closeWindow(T0.plusSeconds(605)).forGuest(101);
        assertThat(later.recent().destinations()).isEqualTo(1);
        assertThat(later.recent().prefixes()).isEqualTo(1);
        assertThat(later.recent().since()).isEqualTo(T0.plusSeconds(5));
        // At T0+660s nothing is left: the guest is quiet again and gets no window.
        SmtpWindows quiet = a.closeWindow(T0.plusSeconds(660));
        assertThat(quiet.byGuest()).isEmpty();
        assertThat(quiet.forGuest(101).recent()).isNull();
    }

    @Test
    void theUnionSaturatesAtTheCap() throws Exception {
        SmtpWindowAggregator a =
                aggregator(
                        new Limits(
                                1000,
                                Limits.DEFAULT_ANSWER_DEADLINE,
                                Duration.ofMinutes(5),
                                Duration.ofDays(1),
                                10));
        int id = 1;
        for (int w = 1; w <= 3; w++) {
            for (int i = 0; i < 8; i++) {
                a.accept(newFlow(id++, "198.51.100.101", "10." + w + "." + i + ".1"));
            }
            a.closeWindow(T0.plusSeconds(5L * w));
        }
        a.accept(newFlow(id, "198.51.100.101", "10.9.9.9"));
        SmtpWindow last = a.closeWindow(T0.plusSeconds(20)).forGuest(101);
        assertThat(last.recent().destinations()).isEqualTo(10);
        assertThat(last.recent().prefixes()).isEqualTo(10);
    }

    @Test
    void flowsFromUnknownSourcesGoToTheUnattributedWindow() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.DEFAULTS);
        a.accept(newFlow(1, "198.51.100.250", "192.0.2.1"));
        SmtpWindows windows = a.closeWindow(T1);
        assertThat(windows.byGuest()).isEmpty();
        assertThat(windows.unattributed().newConnections()).isEqualTo(1);
        assertThat(a.totals().get(SourceAttribution.UNATTRIBUTED).newConnections()).isEqualTo(1);
    }

    @Test
    void aSourceLearnedBeforeTheWindowClosesGetsItsEarlierFlows() throws Exception {
        java.util.Map<String, Integer> owners = new java.util.concurrent.ConcurrentHashMap<>();
        SmtpWindowAggregator a =
                new SmtpWindowAggregator(
                        s -> owners.getOrDefault(s.getHostAddress(), -1),
                        Limits.DEFAULTS,
                        nanos::get,
                        T0);
        // The guest moved to .77; its first flows arrive before the book has learned that.
        a.accept(newFlow(1, "198.51.100.77", "192.0.2.1"));
        a.accept(newFlow(2, "198.51.100.77", "192.0.2.2"));
        a.accept(newFlow(3, "198.51.100.77", "192.0.2.2"));
        a.accept(newFlow(4, "198.51.100.88", "192.0.2.9")); // nobody's, ever
        assertThat(a.totals()).doesNotContainKey(101);
        owners.put("198.51.100.77", 101); // the refresh before the window closes learns it
        SmtpWindows windows = a.closeWindow(T1);
        assertThat(windows.forGuest(101).newConnections()).isEqualTo(3);
        assertThat(windows.forGuest(101).distinctDestinations()).isEqualTo(2);
        assertThat(windows.unattributed().newConnections()).isEqualTo(1);
        assertThat(a.totals().get(101).newConnections()).isEqualTo(3);
        assertThat(a.totals().get(SourceAttribution.UNATTRIBUTED).newConnections()).isEqualTo(1);
        // A later event of a flow first seen as nobody's now counts for its owner.
        a.accept(event("DESTROY", 1, "CLOSE", "198.51.100.77", "192.0.2.1", "[UNREPLIED]"));
        assertThat(a.closeWindow(T1.plusSeconds(5)).forGuest(101).resetOrRefused()).isEqualTo(1);
    }

    @Test
    void pendingSourcesAreBoundedAndTheRestGoStraightToUnattributed() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.DEFAULTS);
        int n = SmtpWindowAggregator.MAX_PENDING_SOURCES + 10;
        for (int i = 0; i < n; i++) {
            a.accept(
                    newFlow(
                            i,
                            "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255),
                            "192.0.2.1"));
        }
        SmtpWindows windows = a.closeWindow(T1);
        assertThat(windows.unattributed().newConnections()).isEqualTo(n);
        assertThat(a.totals().get(SourceAttribution.UNATTRIBUTED).newConnections()).isEqualTo(n);
    }

    @Test
    void windowsCarryNoAddressOrPort() throws Exception {
        SmtpWindowAggregator a = aggregator(Limits.DEFAULTS);
        replay(a, Fixtures.lines("ipv4-acct-on-expiry.txt"));
        replay(a, Fixtures.lines("ipv6-acct-on-expiry.txt"));
        replay(a, Fixtures.lines("ipv4-outcomes.txt"));
        replay(a, Fixtures.lines("ipv6-outcomes.txt"));
        a.accept(newFlow(99, "198.51.100.101", "192.0.2.77"));
        nanos.addAndGet(Duration.ofSeconds(6).toNanos()); // its answer deadline passed
        String shown = a.closeWindow(T1.plusSeconds(1)).toString() + a.totals();
        assertThat(shown).doesNotContain("198.51.100", "2001:db8", "192.0.2", "sport", "dport");
        assertThat(a.totals().get(101).unreplied()).as("counted at a deadline too").isPositive();
    }

    static ConntrackEvent newFlow(long id, String src, String dst) throws ConntrackParseException {
        return event("NEW", id, "SYN_SENT", src, dst, "[UNREPLIED]");
    }

    static String newLine(long id, String src, String dst) {
        return line("NEW", id, "SYN_SENT", src, dst, "[UNREPLIED]");
    }

    static ConntrackEvent event(
            String type, long id, String state, String src, String dst, String flag)
            throws ConntrackParseException {
        return ConntrackEventParser.parse(line(type, id, state, src, dst, flag));
    }

    static String line(String type, long id, String state, String src, String dst, String flag) {
        String middle =
                flag.equals("[UNREPLIED]") || state.equals("SYN_SENT") ? " [UNREPLIED] " : " ";
        String end = flag.equals("[ASSURED]") ? " [ASSURED]" : "";
        return String.format(
                "[1795394051.000001] [%s] tcp 6 %s%s src=%s dst=%s sport=40000 dport=25%s"
                        + "src=%s dst=%s sport=25 dport=40000%s id=%d",
                type,
                type.equals("DESTROY") ? "" : "30 ",
                state,
                src,
                dst,
                middle,
                dst,
                src,
                end,
                id);
    }
}

package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vpsguard.agent.smtp.ConntrackEvent.TcpState;
import dev.vpsguard.agent.smtp.ConntrackEvent.Type;
import dev.vpsguard.protocol.SmtpWindow;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SmtpWindowAggregatorTest {
    private static final List<String> LINES = ConntrackFixture.eventLines();
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    /** 198.51.100.101 and 2001:db8::101 are guest 101; everything else is nobody's. */
    private static final Function<InetAddress, OptionalInt> GUEST_101 =
            a -> {
                String s = a.getHostAddress();
                return s.equals("198.51.100.101") || s.equals("2001:db8:0:0:0:0:0:101")
                        ? OptionalInt.of(101)
                        : OptionalInt.empty();
            };

    private SmtpWindowAggregator aggregator(long maxFlows) {
        return new SmtpWindowAggregator(
                GUEST_101,
                ticker,
                maxFlows,
                SmtpWindowAggregator.DEFAULT_UNANSWERED_EXPIRY,
                SmtpWindowAggregator.DEFAULT_ANSWERED_EXPIRY);
    }

    private SmtpWindowAggregator aggregator() {
        return aggregator(SmtpWindowAggregator.DEFAULT_MAX_FLOWS);
    }

    /** Fixture events of the flow whose original source port is {@code sport}, in order. */
    private static List<ConntrackEvent> flow(int sport) {
        return LINES.stream()
                .map(ConntrackEventParser::parse)
                .filter(e -> e.original().sport() == sport)
                .toList();
    }

    private static void feed(SmtpWindowAggregator agg, List<ConntrackEvent> events) {
        events.forEach(agg::accept);
    }

    private SmtpWindow guest101(SmtpWindowAggregator agg) {
        return agg.closeWindow(T0, T1).byVmid().get(101);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void completeSessionWithOrderlyCloseCountsOneEstablishedConnectionAndItsBytes() {
        SmtpWindowAggregator agg = aggregator();
        feed(
                agg,
                flow(35610)); // NEW, SYN_RECV, ESTABLISHED, FIN_WAIT, LAST_ACK, TIME_WAIT, DESTROY

        SmtpWindow w = guest101(agg);
        assertThat(w.newConnections()).isEqualTo(1);
        assertThat(w.distinctDestinations()).isEqualTo(1);
        assertThat(w.distinctPrefixes()).isEqualTo(1);
        assertThat(w.established()).isEqualTo(1);
        assertThat(w.resetOrRefused()).isZero();
        assertThat(w.unreplied()).isZero();
        assertThat(w.bytesSent()).isEqualTo(442L);
        assertThat(w.start()).isEqualTo(T0);
        assertThat(w.end()).isEqualTo(T1);
    }

    @Test
    void refusedConnectionCountsAsRefusedNotUnreplied() {
        SmtpWindowAggregator agg = aggregator();
        feed(agg, flow(40088)); // NEW SYN_SENT, DESTROY CLOSE [UNREPLIED]
        feed(agg, flow(36256)); // the same over IPv6

        SmtpWindow w = guest101(agg);
        assertThat(w.newConnections()).isEqualTo(2);
        assertThat(w.resetOrRefused()).isEqualTo(2);
        assertThat(w.unreplied()).isZero();
        assertThat(w.established()).isZero();
        assertThat(w.bytesSent()).isEqualTo(60L + 80L);
    }

    @Test
    void resetOfEstablishedSessionCountsOnceAcrossUpdateAndDestroy() {
        SmtpWindowAggregator agg = aggregator();
        feed(agg, flow(58008)); // ... ESTABLISHED, UPDATE CLOSE [ASSURED], DESTROY CLOSE [ASSURED]

        SmtpWindow w = guest101(agg);
        assertThat(w.resetOrRefused()).isEqualTo(1);
        assertThat(w.established()).isEqualTo(1);
        assertThat(w.unreplied()).isZero();
    }

    @Test
    void droppedSynDestroyedInSynSentCountsUnreplied() {
        SmtpWindowAggregator agg = aggregator();
        feed(agg, flow(51122)); // NEW, then DESTROY SYN_SENT [UNREPLIED] after conntrack's 120 s

        SmtpWindow w = guest101(agg);
        assertThat(w.unreplied()).isEqualTo(1);
        assertThat(w.resetOrRefused()).isZero();
        assertThat(w.bytesSent()).isEqualTo(180L);
    }

    @Test
    void unansweredFlowExpiringFromCacheCountsUnrepliedOnceEvenIfDestroyComesLate() {
        SmtpWindowAggregator agg = aggregator();
        List<ConntrackEvent> dropped = flow(51122);
        agg.accept(dropped.get(0)); // NEW only: the DESTROY was lost
        assertThat(guest101(agg).unreplied()).isZero();

        advance(Duration.ofSeconds(131));
        SmtpWindow afterExpiry = guest101(agg);
        assertThat(afterExpiry.unreplied()).isEqualTo(1);
        assertThat(afterExpiry.newConnections()).isZero(); // counted in the earlier window

        agg.accept(dropped.get(1)); // the DESTROY turns up after all
        SmtpWindow late = guest101(agg);
        assertThat(late.unreplied()).isZero();
        assertThat(late.bytesSent()).isEqualTo(180L);
        assertThat(agg.untrackedEvents()).isEqualTo(1);
    }

    @Test
    void answeredFlowDoesNotExpireAsUnreplied() {
        SmtpWindowAggregator agg = aggregator();
        List<ConntrackEvent> session = flow(35628);
        feed(agg, session.subList(0, 3)); // NEW, SYN_RECV, ESTABLISHED
        advance(Duration.ofSeconds(600));

        SmtpWindow w = guest101(agg);
        assertThat(w.unreplied()).isZero();
        assertThat(w.established()).isEqualTo(1);
        assertThat(agg.trackedFlows()).isEqualTo(1);
    }

    @Test
    void newAndDestroyOnlySubscriptionCountsEstablishedFromAssuredDestroy() {
        SmtpWindowAggregator agg = aggregator();
        feed(agg, flow(35610).stream().filter(e -> e.type() != Type.UPDATE).toList());

        SmtpWindow w = guest101(agg);
        assertThat(w.established()).isEqualTo(1);
        assertThat(w.resetOrRefused()).isZero();
        assertThat(w.unreplied()).isZero();
    }

    @Test
    void reusedIdOnAnotherTupleIsAnotherFlow() throws Exception {
        SmtpWindowAggregator agg = aggregator();
        ConntrackEvent first = flow(51122).get(0);
        ConntrackEvent sameIdOtherFlow =
                withOriginal(first, first.original().src(), addr("198.51.100.206"), 51999);
        agg.accept(first);
        agg.accept(sameIdOtherFlow);

        SmtpWindow w = guest101(agg);
        assertThat(w.newConnections()).isEqualTo(2);
        assertThat(w.distinctDestinations()).isEqualTo(2);
    }

    @Test
    void repeatedNewForTheSameFlowCountsOnce() {
        SmtpWindowAggregator agg = aggregator();
        ConntrackEvent first = flow(51122).get(0);
        agg.accept(first);
        agg.accept(first);

        assertThat(guest101(agg).newConnections()).isEqualTo(1);
    }

    @Test
    void linesWithoutIdAreTrackedByTuple() {
        SmtpWindowAggregator agg = aggregator();
        feed(agg, flow(41312)); // LAB.md lines: NEW, UPDATE ESTABLISHED, no id=

        SmtpWindow w = guest101(agg);
        assertThat(w.newConnections()).isEqualTo(1);
        assertThat(w.established()).isEqualTo(1);
        assertThat(agg.untrackedEvents()).isZero();
    }

    @Test
    void sourcesNoGuestOwnsGoToTheUnattributedWindow() {
        SmtpWindowAggregator agg = aggregator();
        feed(agg, flow(40001)); // from 203.0.113.5

        SmtpWindows windows = agg.closeWindow(T0, T1);
        assertThat(windows.byVmid()).isEmpty();
        assertThat(windows.unattributed().newConnections()).isEqualTo(1);
        assertThat(windows.unattributed().distinctDestinations()).isEqualTo(1);
    }

    @Test
    void distinctPrefixesAreSlash24ForIpv4AndSlash48ForIpv6() throws Exception {
        SmtpWindowAggregator agg = aggregator();
        ConntrackEvent v4 = flow(51122).get(0);
        ConntrackEvent v6 = flow(36256).get(0);
        int port = 30000;
        for (String d : List.of("198.51.100.202", "198.51.100.77", "198.51.101.1")) {
            agg.accept(withOriginal(v4, v4.original().src(), addr(d), port++));
        }
        for (String d : List.of("2001:db8::202", "2001:db8:0:ffff::1", "2001:db8:1::1")) {
            agg.accept(withOriginal(v6, v6.original().src(), addr(d), port++));
        }

        SmtpWindow w = guest101(agg);
        assertThat(w.distinctDestinations()).isEqualTo(6);
        assertThat(w.distinctPrefixes()).isEqualTo(4);
    }

    @Test
    void distinctDestinationsStopAtTheCapAndTheWindowStaysValid() throws Exception {
        SmtpWindowAggregator agg = aggregator(1_000_000);
        ConntrackEvent v6 = flow(36256).get(0);
        int n = GuestSmtpCounts.DISTINCT_CAP + 1000;
        for (int k = 0; k < n; k++) {
            InetAddress dst =
                    addr(
                            "2001:"
                                    + Integer.toHexString(0xd00 + (k >> 16))
                                    + ":"
                                    + Integer.toHexString(k & 0xffff)
                                    + "::1");
            agg.accept(withOriginal(v6, v6.original().src(), dst, 1 + (k % 60000)));
        }

        SmtpWindow w = guest101(agg);
        assertThat(w.newConnections()).isEqualTo(n);
        assertThat(w.distinctDestinations()).isEqualTo(GuestSmtpCounts.DISTINCT_CAP);
        assertThat(w.distinctPrefixes()).isEqualTo(GuestSmtpCounts.DISTINCT_CAP);
    }

    @Test
    void closingAWindowStartsAnEmptyOne() {
        SmtpWindowAggregator agg = aggregator();
        feed(agg, flow(35610));
        assertThat(agg.closeWindow(T0, T1).byVmid()).containsKey(101);

        SmtpWindows next = agg.closeWindow(T1, T1.plusSeconds(60));
        assertThat(next.byVmid()).isEmpty();
        assertThat(next.unattributed().newConnections()).isZero();
        assertThat(next.unattributed().bytesSent()).isNull();
    }

    @Test
    void bytesSentIsNullWithoutAccounting() {
        SmtpWindowAggregator agg = aggregator();
        feed(agg, flow(41312));
        assertThat(guest101(agg).bytesSent()).isNull();
    }

    @Test
    void flowsEvictedForSizeAreCountedAsEvictedNotUnreplied() throws Exception {
        SmtpWindowAggregator agg = aggregator(1);
        ConntrackEvent v4 = flow(51122).get(0);
        for (int k = 0; k < 50; k++) {
            agg.accept(withOriginal(v4, v4.original().src(), v4.original().dst(), 20000 + k));
        }

        SmtpWindow w = guest101(agg);
        assertThat(w.unreplied()).isZero();
        assertThat(agg.evictedFlows()).isGreaterThanOrEqualTo(49);
    }

    @Test
    void rejectsNonsenseBounds() {
        assertThatThrownBy(
                        () ->
                                new SmtpWindowAggregator(
                                        GUEST_101,
                                        ticker,
                                        0,
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(1)))
                .hasMessageContaining("maxFlows");
        assertThatThrownBy(
                        () ->
                                new SmtpWindowAggregator(
                                        GUEST_101,
                                        ticker,
                                        10,
                                        Duration.ZERO,
                                        Duration.ofSeconds(1)))
                .hasMessageContaining("unansweredExpiry");
    }

    @Property(tries = 300)
    void anyOrderOfRealEventsCountsEachOutcomeAtMostOncePerNewConnection(
            @ForAll("shuffledEvents") List<ConntrackEvent> events) {
        AtomicLong clock = new AtomicLong();
        SmtpWindowAggregator agg =
                new SmtpWindowAggregator(
                        GUEST_101,
                        clock::get,
                        SmtpWindowAggregator.DEFAULT_MAX_FLOWS,
                        SmtpWindowAggregator.DEFAULT_UNANSWERED_EXPIRY,
                        SmtpWindowAggregator.DEFAULT_ANSWERED_EXPIRY);
        List<SmtpWindow> windows = new ArrayList<>();
        for (ConntrackEvent e : events) {
            agg.accept(e);
            clock.addAndGet(Duration.ofSeconds(20).toNanos());
        }
        clock.addAndGet(Duration.ofHours(2).toNanos());
        SmtpWindows w = agg.closeWindow(T0, T1);
        windows.addAll(w.byVmid().values());
        windows.add(w.unattributed());

        for (SmtpWindow win : windows) {
            assertThat(win.unreplied() + win.resetOrRefused())
                    .isLessThanOrEqualTo(win.newConnections());
            assertThat(win.established()).isLessThanOrEqualTo(win.newConnections());
        }
    }

    @Provide
    Arbitrary<List<ConntrackEvent>> shuffledEvents() {
        List<ConntrackEvent> all = LINES.stream().map(ConntrackEventParser::parse).toList();
        return Arbitraries.of(all).list().ofMaxSize(80);
    }

    private static InetAddress addr(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    private static ConntrackEvent withOriginal(
            ConntrackEvent e, InetAddress src, InetAddress dst, int sport) {
        return new ConntrackEvent(
                e.type(),
                e.timestamp(),
                e.id(),
                TcpState.SYN_SENT,
                new ConntrackTuple(src, dst, sport, 25),
                new ConntrackTuple(dst, src, 25, sport),
                e.unreplied(),
                e.assured(),
                null,
                null);
    }
}

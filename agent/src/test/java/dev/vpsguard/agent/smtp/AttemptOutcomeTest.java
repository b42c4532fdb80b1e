package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.smtp.SmtpWindowAggregator.Limits;
import dev.vpsguard.protocol.SmtpWindow;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What counts as a failed attempt, on the lines of {@code ipv4-outcomes.txt} and {@code
 * ipv6-outcomes.txt} (recorded by {@code capture-outcomes.sh} with the kernel's default timeouts):
 * each line is handled at its own timestamp and 5-second windows close on time, as in the agent.
 * Every test runs on the full event stream and on what the agent's own commands receive (NEW and
 * DESTROY, and UPDATE only in state ESTABLISHED).
 */
class AttemptOutcomeTest {
    private static final Duration WINDOW = Duration.ofSeconds(5);

    static Stream<Arguments> captures() {
        return Stream.of("ipv4-outcomes.txt", "ipv6-outcomes.txt")
                .flatMap(f -> Stream.of(Arguments.of(f, false), Arguments.of(f, true)));
    }

    /** The windows of guest .101 / ::101 while its flows to one "MX" are replayed in time. */
    private static Replayed replay(String file, boolean agentView, String mx) throws Exception {
        List<ConntrackEvent> events = new ArrayList<>();
        for (String line : Fixtures.lines(file)) {
            ConntrackEvent e = ConntrackEventParser.parse(line);
            String dst = e.original().destination().getHostAddress();
            if (dst.endsWith("." + mx) || dst.endsWith(":" + mx)) {
                if (!agentView
                        || e.type() != ConntrackEvent.Type.UPDATE
                        || e.state() == ConntrackEvent.TcpState.ESTABLISHED) {
                    events.add(e);
                }
            }
        }
        assertThat(events).as("%s flows to .%s", file, mx).isNotEmpty();
        return Replayed.of(events, Limits.DEFAULTS);
    }

    @ParameterizedTest
    @MethodSource("captures")
    void aDeliveryClosedRightAfterQuitIsEstablishedAndNoFailure(String file, boolean agentView)
            throws Exception {
        // Two deliveries: Postfix's way (QUIT, then close without reading the 221: conntrack
        // shows CLOSE_WAIT, then CLOSE [ASSURED] from the RST the 221 gets) and reading the 221.
        List<String> toMx =
                Fixtures.lines(file).stream().filter(l -> l.contains("202 sport=")).toList();
        assertThat(toMx).anyMatch(l -> l.contains("[UPDATE]") && l.contains(" CLOSE_WAIT "));
        assertThat(toMx)
                .anyMatch(
                        l ->
                                l.contains("[DESTROY]")
                                        && l.contains(" CLOSE ")
                                        && l.contains("[ASSURED]"));
        assertThat(replay(file, agentView, "202").sum())
                .extracting(
                        SmtpWindow::newConnections,
                        SmtpWindow::established,
                        SmtpWindow::resetOrRefused,
                        SmtpWindow::unreplied)
                .containsExactly(2L, 2L, 0L, 0L);
    }

    @ParameterizedTest
    @MethodSource("captures")
    void anRstAfterTheHandshakeIsNoFailure(String file, boolean agentView) throws Exception {
        // A blocklisting MX: 554 greeting, then an RST (DESTROY CLOSE [ASSURED]).
        assertThat(replay(file, agentView, "206").sum())
                .extracting(
                        SmtpWindow::newConnections,
                        SmtpWindow::established,
                        SmtpWindow::resetOrRefused,
                        SmtpWindow::unreplied)
                .containsExactly(1L, 1L, 0L, 0L);
    }

    @ParameterizedTest
    @MethodSource("captures")
    void anRstInsteadOfTheSynAckIsRefusedAtOnce(String file, boolean agentView) throws Exception {
        Replayed r = replay(file, agentView, "203");
        assertThat(r.windows().get(0).resetOrRefused()).as("in the window of the SYN").isEqualTo(1);
        assertThat(r.sum().resetOrRefused()).isEqualTo(1);
        assertThat(r.sum().established() + r.sum().unreplied()).isZero();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void anIcmpUnreachableIsUnansweredAtTheDeadlineAndOnlyThen(String file, boolean agentView)
            throws Exception {
        assertUnansweredAtTheDeadline(replay(file, agentView, "207"));
    }

    @ParameterizedTest
    @MethodSource("captures")
    void anUnansweredSynIsUnansweredAtTheDeadlineNotAtTheKernelTimeout(
            String file, boolean agentView) throws Exception {
        assertUnansweredAtTheDeadline(replay(file, agentView, "204"));
    }

    /**
     * One attempt: its NEW, then (the ICMP error changes nothing in conntrack) its DESTROY in
     * SYN_SENT [UNREPLIED] two minutes and more later. Counted once, in the window in which NEW + 5
     * s falls.
     */
    private static void assertUnansweredAtTheDeadline(Replayed r) {
        ConntrackEvent last = r.events().get(r.events().size() - 1);
        assertThat(last.type()).isEqualTo(ConntrackEvent.Type.DESTROY);
        assertThat(last.unreplied()).isTrue();
        Instant deadline = r.events().get(0).timestamp().plus(Limits.DEFAULT_ANSWER_DEADLINE);
        assertThat(Duration.between(deadline, last.timestamp()))
                .isGreaterThan(Duration.ofMinutes(1));
        for (SmtpWindow w : r.windows()) {
            boolean holdsDeadline = w.start().isBefore(deadline) && !w.end().isBefore(deadline);
            assertThat(w.unreplied()).as("window %s", w.start()).isEqualTo(holdsDeadline ? 1 : 0);
        }
        assertThat(r.sum().unreplied()).isEqualTo(1);
        assertThat(r.sum().resetOrRefused() + r.sum().established()).isZero();
        assertThat(r.aggregator().totals().get(101).unreplied()).isEqualTo(1);
    }

    @Test
    void aLateAnswerStaysUnansweredAndIsNotCountedEstablishedButItsBytesCount() throws Exception {
        Replayed r =
                Replayed.of(
                        List.of(
                                at(1, "NEW", "SYN_SENT", "[UNREPLIED]", ""),
                                at(8, "UPDATE", "ESTABLISHED", "[ASSURED]", ""),
                                at(
                                        10,
                                        "DESTROY",
                                        "TIME_WAIT",
                                        "[ASSURED]",
                                        " packets=9 bytes=900")),
                        Limits.DEFAULTS);
        assertThat(r.windows()).extracting(SmtpWindow::unreplied).startsWith(0L, 1L, 0L);
        assertThat(r.sum().unreplied()).isEqualTo(1);
        assertThat(r.sum().established()).isZero();
        assertThat(r.sum().resetOrRefused()).isZero();
        assertThat(r.sum().bytesSent()).isEqualTo(900);
    }

    @Test
    void anAnswerJustBeforeTheDeadlineIsEstablishedAndNeverUnanswered() throws Exception {
        Replayed r =
                Replayed.of(
                        List.of(
                                at(0, "NEW", "SYN_SENT", "[UNREPLIED]", ""),
                                at(4.9, "UPDATE", "ESTABLISHED", "[ASSURED]", ""),
                                at(300, "DESTROY", "TIME_WAIT", "[ASSURED]", "")),
                        Limits.DEFAULTS);
        assertThat(r.sum().established()).isEqualTo(1);
        assertThat(r.sum().unreplied() + r.sum().resetOrRefused()).isZero();
    }

    @Test
    void theDeadlineIsConfigurable() throws Exception {
        List<ConntrackEvent> events = List.of(at(0, "NEW", "SYN_SENT", "[UNREPLIED]", ""));
        Replayed r =
                Replayed.of(events, Limits.DEFAULTS.withAnswerDeadline(Duration.ofSeconds(12)));
        assertThat(r.windows()).extracting(SmtpWindow::unreplied).containsExactly(0L, 0L, 1L);
    }

    private static ConntrackEvent at(
            double seconds, String type, String state, String flag, String counters)
            throws ConntrackParseException {
        long micros = Math.round(seconds * 1_000_000);
        String middle = flag.equals("[UNREPLIED]") ? " [UNREPLIED] " : " ";
        String end = flag.equals("[ASSURED]") ? " [ASSURED]" : "";
        return ConntrackEventParser.parse(
                String.format(
                        "[%d.%06d] [%s] tcp 6 %s%s src=198.51.100.101 dst=192.0.2.1 sport=40000"
                                + " dport=25%s%ssrc=192.0.2.1 dst=198.51.100.101 sport=25"
                                + " dport=40000%s id=1",
                        1_795_394_000L + micros / 1_000_000,
                        micros % 1_000_000,
                        type,
                        type.equals("DESTROY") ? "" : "30 ",
                        state,
                        counters,
                        middle,
                        end));
    }

    /**
     * Events handled at their timestamps by an aggregator for guest 101, windows closed every 5
     * seconds from the first event's until 15 s after the last.
     */
    private record Replayed(
            SmtpWindowAggregator aggregator,
            List<ConntrackEvent> events,
            List<SmtpWindow> windows) {
        static Replayed of(List<ConntrackEvent> events, Limits limits) {
            // Windows on whole multiples of 5 s, as a clock would cut them.
            long first = events.get(0).timestamp().getEpochSecond();
            Instant start = Instant.ofEpochSecond(first - first % WINDOW.toSeconds());
            long[] nanos = {0};
            SmtpWindowAggregator a =
                    new SmtpWindowAggregator(
                            AttemptOutcomeTest::guest101, limits, () -> nanos[0], start);
            List<SmtpWindow> windows = new ArrayList<>();
            Instant end = start.plus(WINDOW);
            for (ConntrackEvent e : events) {
                while (!e.timestamp().isBefore(end)) {
                    nanos[0] = Duration.between(start, end).toNanos();
                    windows.add(a.closeWindow(end).forGuest(101));
                    end = end.plus(WINDOW);
                }
                nanos[0] = Duration.between(start, e.timestamp()).toNanos();
                a.accept(e);
            }
            Instant stop = events.get(events.size() - 1).timestamp().plusSeconds(15);
            while (!end.isAfter(stop)) {
                nanos[0] = Duration.between(start, end).toNanos();
                windows.add(a.closeWindow(end).forGuest(101));
                end = end.plus(WINDOW);
            }
            return new Replayed(a, events, windows);
        }

        /** The windows added up. */
        SmtpWindow sum() {
            long n = 0, u = 0, r = 0, e = 0, b = 0;
            for (SmtpWindow w : windows) {
                n += w.newConnections();
                u += w.unreplied();
                r += w.resetOrRefused();
                e += w.established();
                b += w.bytesSent() == null ? 0 : w.bytesSent();
            }
            return new SmtpWindow(
                    windows.get(0).start(),
                    windows.get(windows.size() - 1).end(),
                    n,
                    0,
                    0,
                    u,
                    r,
                    e,
                    b);
        }
    }

    private static int guest101(InetAddress source) {
        String text = source.getHostAddress();
        return text.equals("198.51.100.101") || text.equals("2001:db8:100:0:0:0:0:101")
                ? 101
                : SourceAttribution.UNATTRIBUTED;
    }
}

package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.agent.smtp.ConntrackEvent.Counters;
import dev.vpsguard.agent.smtp.ConntrackEvent.Flag;
import dev.vpsguard.agent.smtp.ConntrackEvent.TcpState;
import dev.vpsguard.agent.smtp.ConntrackEvent.Type;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConntrackEventParserTest {
    static List<String> fixtureFiles() {
        return Fixtures.FILES;
    }

    @ParameterizedTest
    @MethodSource("fixtureFiles")
    void everyCapturedLineParsesToAPort25Flow(String file) throws Exception {
        List<String> lines = Fixtures.lines(file);
        assertThat(lines).isNotEmpty();
        boolean v6 = file.startsWith("ipv6");
        for (String line : lines) {
            ConntrackEvent e = ConntrackEventParser.parse(line);
            assertThat(e.original().destinationPort()).as(line).isEqualTo(25);
            assertThat(e.reply().sourcePort()).isEqualTo(25);
            assertThat(e.reply().destinationPort()).isEqualTo(e.original().sourcePort());
            assertThat(e.reply().source()).isEqualTo(e.original().destination());
            assertThat(e.original().source())
                    .isInstanceOf(v6 ? Inet6Address.class : Inet4Address.class);
            assertThat(e.id()).isBetween(0L, 0xffff_ffffL);
            assertThat(e.timestamp()).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
            // conntrack omits the timeout only on DESTROY lines (of flows that expired).
            if (e.timeoutSeconds() == null) {
                assertThat(e.type()).as(line).isEqualTo(Type.DESTROY);
            }
        }
    }

    @Test
    void capturesCoverEveryEventTypeAndTheStatesSeenOnARealKernel() throws Exception {
        Set<TcpState> states = EnumSet.noneOf(TcpState.class);
        Set<Type> types = EnumSet.noneOf(Type.class);
        for (String line : Fixtures.allLines()) {
            ConntrackEvent e = ConntrackEventParser.parse(line);
            states.add(e.state());
            types.add(e.type());
        }
        assertThat(types).containsExactlyInAnyOrder(Type.values());
        assertThat(states)
                .contains(
                        TcpState.SYN_SENT,
                        TcpState.SYN_RECV,
                        TcpState.ESTABLISHED,
                        TcpState.FIN_WAIT,
                        TcpState.LAST_ACK,
                        TcpState.TIME_WAIT,
                        TcpState.CLOSE);
    }

    @Test
    void parsesANewIpv4LineCompletely() throws Exception {
        ConntrackEvent e =
                ConntrackEventParser.parse(
                        "[1795394051.258347]\t    [NEW] tcp      6 3 SYN_SENT src=198.51.100.101"
                                + " dst=198.51.100.202 sport=52808 dport=25 [UNREPLIED] src=198.51.100.202"
                                + " dst=198.51.100.101 sport=25 dport=52808 id=4292784447");
        assertThat(e.type()).isEqualTo(Type.NEW);
        assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(1795394051L, 258_347_000L));
        assertThat(e.id()).isEqualTo(4292784447L);
        assertThat(e.timeoutSeconds()).isEqualTo(3);
        assertThat(e.state()).isEqualTo(TcpState.SYN_SENT);
        assertThat(e.original().source()).isEqualTo(InetAddress.getByName("198.51.100.101"));
        assertThat(e.original().destination()).isEqualTo(InetAddress.getByName("198.51.100.202"));
        assertThat(e.original().sourcePort()).isEqualTo(52808);
        assertThat(e.flags()).containsExactly(Flag.UNREPLIED);
        assertThat(e.originalCounters()).isNull();
        assertThat(e.replyCounters()).isNull();
    }

    @Test
    void readsCountersOfBothDirectionsFromAnExtendedIpv6DestroyLine() throws Exception {
        ConntrackEvent e =
                ConntrackEventParser.parse(
                        "[1795394403.892574]\t[DESTROY] ipv6     10 tcp      6 SYN_SENT"
                                + " src=2001:db8:100::101 dst=2001:db8:100::204 sport=58706 dport=25"
                                + " packets=1 bytes=80 [UNREPLIED] src=2001:db8:100::204"
                                + " dst=2001:db8:100::101 sport=25 dport=58706 packets=0 bytes=0 id=300066");
        assertThat(e.type()).isEqualTo(Type.DESTROY);
        assertThat(e.timeoutSeconds()).isNull();
        assertThat(e.original().destination())
                .isEqualTo(InetAddress.getByName("2001:db8:100::204"));
        assertThat(e.originalCounters()).isEqualTo(new Counters(1, 80));
        assertThat(e.replyCounters()).isEqualTo(new Counters(0, 0));
        assertThat(e.unreplied()).isTrue();
        assertThat(e.assured()).isFalse();
    }

    @Test
    void countersAppearInTheAccountingCapturesOnlyOnDestroyLines() throws Exception {
        long destroysWithCounters = 0;
        for (String line : Fixtures.lines("ipv4-acct-on.txt")) {
            ConntrackEvent e = ConntrackEventParser.parse(line);
            assertThat(e.originalCounters() != null).as(line).isEqualTo(e.type() == Type.DESTROY);
            destroysWithCounters += e.originalCounters() != null ? 1 : 0;
        }
        assertThat(destroysWithCounters).isPositive();
        for (String line : Fixtures.lines("ipv4-acct-off.txt")) {
            assertThat(ConntrackEventParser.parse(line).originalCounters()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CLOSE_WAIT", "SYN_SENT2", "NONE", "FIN_WAIT", "LAST_ACK"})
    void acceptsEveryKernelTcpState(String state) throws Exception {
        String line =
                "[1.000001] [UPDATE] tcp 6 30 "
                        + state
                        + " src=10.0.0.1 dst=10.0.0.2 sport=1000 dport=25 src=10.0.0.2 dst=10.0.0.1"
                        + " sport=25 dport=1000 [ASSURED] mark=0 use=1 id=7";
        assertThat(ConntrackEventParser.parse(line).state().name()).isEqualTo(state);
    }

    @Test
    void skipsFieldsAndFlagsOfOtherOutputOptions() throws Exception {
        ConntrackEvent e =
                ConntrackEventParser.parse(
                        "[2.5] [DESTROY] tcp 6 CLOSE src=10.0.0.1 dst=10.0.0.2 sport=1 dport=25"
                                + " src=10.0.0.2 dst=10.0.0.1 sport=25 dport=1 [ASSURED] [OFFLOAD]"
                                + " [FUTURE_FLAG] mark=0 zone=3 [start=Mon] delta-time=4 id=9");
        assertThat(e.flags()).containsExactlyInAnyOrder(Flag.ASSURED, Flag.OFFLOAD);
        assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(2, 500_000_000));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "conntrack v1.4.7 (conntrack-tools): 12 flow events have been shown.",
                "[1.0] [NEW] udp 17 30 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=25 id=1",
                "[1.0] [NEW] tcp 6 3 BOGUS src=10.0.0.1 dst=10.0.0.2 sport=1 dport=25"
                        + " src=10.0.0.2 dst=10.0.0.1 sport=25 dport=1 id=1",
                "[1.0] [NEW] tcp 6 3 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=1 dport=25"
                        + " src=10.0.0.2 dst=10.0.0.1 sport=25 dport=1",
                "[1.0] [NEW] tcp 6 3 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=1 dport=25 id=1",
                "[1.0] [NEW] tcp 6 3 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=70000 dport=25"
                        + " src=10.0.0.2 dst=10.0.0.1 sport=25 dport=1 id=1",
                "[1.0] [NEW] tcp 6 3 SYN_SENT src=mx.example.com dst=10.0.0.2 sport=1 dport=25"
                        + " src=10.0.0.2 dst=10.0.0.1 sport=25 dport=1 id=1",
                "[1.0] [NEW] tcp 6 3 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=1 dport=25"
                        + " src=10.0.0.2 dst=10.0.0.1 sport=25 dport=1 id=4294967296",
                "[1.0] [NEW] ipv4 10 tcp 6 3 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=1 dport=25"
                        + " src=10.0.0.2 dst=10.0.0.1 sport=25 dport=1 id=1",
                "[1.0] [NEW] tcp 6 3 SYN_SENT src=10.0.0.1 dst=2001:db8::1 sport=1 dport=25"
                        + " src=2001:db8::1 dst=10.0.0.1 sport=25 dport=1 id=1",
                "[1.0] [NEW] tcp 6 3 SYN_SENT src=1::2::3 dst=2001:db8::1 sport=1 dport=25"
                        + " src=2001:db8::1 dst=1::2::3 sport=25 dport=1 id=1"
            })
    void rejectsLinesThatAreNotTcpEventsWithTheDocumentedException(String line) {
        assertThatThrownBy(() -> ConntrackEventParser.parse(line))
                .isInstanceOf(ConntrackParseException.class)
                .hasMessageNotContaining("\n");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> ConntrackEventParser.parse(null))
                .isInstanceOf(ConntrackParseException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "::",
                "::1",
                "1::",
                "2001:db8::ff00:42:8329",
                "2001:0db8:0000:0000:0000:ff00:0042:8329",
                "::ffff:192.0.2.1",
                "fe80::1:2:3:4:5:6",
                "0.0.0.0",
                "255.255.255.255"
            })
    void parsesAddressLiteralsLikeTheJdk(String literal) throws Exception {
        assertThat(AddressLiteral.parse(literal)).isEqualTo(InetAddress.getByName(literal));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "1..2.3",
                ":1::",
                "1:2:3:4:5:6:7:8:9",
                "12345::",
                "::g",
                "1:2:3:4:5:6:7:8::",
                "localhost",
                ""
            })
    void rejectsMalformedAddressLiterals(String literal) {
        assertThatThrownBy(() -> AddressLiteral.parse(literal))
                .isInstanceOf(ConntrackParseException.class);
    }
}

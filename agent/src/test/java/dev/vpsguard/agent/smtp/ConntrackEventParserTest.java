package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.agent.smtp.ConntrackEvent.TcpState;
import dev.vpsguard.agent.smtp.ConntrackEvent.Type;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ConntrackEventParserTest {
    private static final List<String> LINES = ConntrackFixture.eventLines();

    private static String line(String containing) {
        return LINES.stream().filter(l -> l.contains(containing)).findFirst().orElseThrow();
    }

    @Test
    void everyFixtureLineParses() {
        assertThat(LINES).hasSizeGreaterThan(30);
        for (String l : LINES) {
            ConntrackEvent e = ConntrackEventParser.parse(l);
            assertThat(e.original().dport()).as(l).isEqualTo(25);
            assertThat(e.reply().sport()).as(l).isEqualTo(25);
        }
    }

    @Test
    void newIpv4EventCarriesTimestampIdStateTuplesAndUnrepliedFlag() throws Exception {
        ConntrackEvent e =
                ConntrackEventParser.parse(
                        line("NEW] tcp      6 120 SYN_SENT src=198.51.100.101 dst=198.51.100.203"));
        assertThat(e.type()).isEqualTo(Type.NEW);
        assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(1795394303L, 924_124_000L));
        assertThat(e.id()).isEqualTo(989835053L);
        assertThat(e.state()).isEqualTo(TcpState.SYN_SENT);
        assertThat(e.original())
                .isEqualTo(
                        new ConntrackTuple(
                                InetAddress.getByName("198.51.100.101"),
                                InetAddress.getByName("198.51.100.203"),
                                40088,
                                25));
        assertThat(e.reply().src()).isEqualTo(InetAddress.getByName("198.51.100.203"));
        assertThat(e.reply().dport()).isEqualTo(40088);
        assertThat(e.unreplied()).isTrue();
        assertThat(e.assured()).isFalse();
        assertThat(e.originalCounters()).isNull();
        assertThat(e.replyCounters()).isNull();
    }

    @Test
    void refusedIpv6DestroyCarriesAccountingPerDirection() throws Exception {
        ConntrackEvent e =
                ConntrackEventParser.parse(line("DESTROY] tcp      6 120 CLOSE src=2001:db8::101"));
        assertThat(e.type()).isEqualTo(Type.DESTROY);
        assertThat(e.state()).isEqualTo(TcpState.CLOSE);
        assertThat(e.unreplied()).isTrue();
        assertThat(e.original().dst()).isEqualTo(InetAddress.getByName("2001:db8::202"));
        assertThat(e.originalCounters()).isEqualTo(new FlowCounters(1, 80));
        assertThat(e.replyCounters()).isEqualTo(new FlowCounters(1, 60));
        assertThat(e.id()).isEqualTo(1968998066L);
    }

    @Test
    void labLineWithoutIdHasNullIdAndAssuredFlag() {
        ConntrackEvent e =
                ConntrackEventParser.parse(line("sport=41312 dport=25 src=198.51.100.202"));
        assertThat(e.id()).isNull();
        assertThat(e.type()).isEqualTo(Type.UPDATE);
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(e.assured()).isTrue();
        assertThat(e.unreplied()).isFalse();
    }

    @Test
    void markAndUnknownFlagsAreIgnored() {
        ConntrackEvent e = ConntrackEventParser.parse(line("mark=102"));
        assertThat(e.id()).isEqualTo(77L);
        ConntrackEvent offload =
                ConntrackEventParser.parse(
                        line("mark=102").replace("mark=102", "[OFFLOAD] zone=3 use=1"));
        assertThat(offload.original()).isEqualTo(e.original());
    }

    @Test
    void allTcpStatesAreRecognised() {
        String template = line("mark=102");
        for (TcpState s : TcpState.values()) {
            assertThat(ConntrackEventParser.parse(template.replace("SYN_SENT", s.name())).state())
                    .isEqualTo(s);
        }
    }

    @Test
    void shortFractionIsADecimalFraction() {
        String l = line("mark=102").replace("[1795394470.000001]", "[1795394470.5]");
        assertThat(ConntrackEventParser.parse(l).timestamp())
                .isEqualTo(Instant.ofEpochSecond(1795394470L, 500_000_000L));
    }

    @Test
    void rejectsLinesThatAreNotTcpEvents() {
        String good = line("mark=102");
        List<String> bad =
                List.of(
                        "",
                        "conntrack v1.4.7 (conntrack-tools): 22 flow events have been shown.",
                        good.replace("tcp      6", "udp      17"),
                        good.replace("[NEW]", "[OPEN]"),
                        good.replace("SYN_SENT", "SYN_WHATEVER"),
                        good.replace("[1795394470.000001]", "1795394470.000001"),
                        good.replace("sport=40001", "sport=65536"),
                        good.replace("dst=198.51.100.205", "dst=mx.example.test"),
                        good.replace("id=77", "id=77 id=78"),
                        good.replace("dport=40001", "dport=40001 src=198.51.100.9"),
                        good.replace(" [UNREPLIED]", " packets=3 [UNREPLIED]"),
                        good.replace("src=198.51.100.205", "src=2001:db8::1"),
                        good.substring(0, good.indexOf(" src=198.51.100.205")));
        for (String l : bad) {
            assertThatThrownBy(() -> ConntrackEventParser.parse(l))
                    .as(l)
                    .isInstanceOf(ConntrackParseException.class);
        }
        assertThatThrownBy(() -> ConntrackEventParser.parse(null))
                .isInstanceOf(ConntrackParseException.class);
    }

    @Test
    void exceptionMessageQuotesAtMostTheLimit() {
        String longLine = "x".repeat(10_000);
        assertThatThrownBy(() -> ConntrackEventParser.parse(longLine))
                .isInstanceOf(ConntrackParseException.class)
                .message()
                .hasSizeLessThan(ConntrackParseException.QUOTE_LIMIT + 100);
    }

    @Property(tries = 3000)
    void randomStringsGiveAnEventOrTheDocumentedException(@ForAll("noise") String s) {
        assertOnlyDocumentedOutcome(s);
    }

    @Property(tries = 2000)
    void mutatedRealLinesGiveAnEventOrTheDocumentedException(
            @ForAll("realLines") String l, @ForAll("cuts") int at, @ForAll("noise") String insert) {
        int cut = Math.min(at, l.length());
        assertOnlyDocumentedOutcome(l.substring(0, cut) + insert + l.substring(cut));
    }

    @Test
    void everyTruncationOfEveryRealLineGivesAnEventOrTheDocumentedException() {
        for (String l : LINES) {
            for (int n = 0; n <= l.length(); n++) {
                assertOnlyDocumentedOutcome(l.substring(0, n));
            }
        }
    }

    private static void assertOnlyDocumentedOutcome(String s) {
        try {
            assertThat(ConntrackEventParser.parse(s)).isNotNull();
        } catch (ConntrackParseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings()
                        .withChars("[]=.:0123456789abcdef NEWDSTROYUPAtcpsrdpo_\t")
                        .ofMaxLength(300));
    }

    @Provide
    Arbitrary<String> realLines() {
        return Arbitraries.of(LINES);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 400);
    }
}

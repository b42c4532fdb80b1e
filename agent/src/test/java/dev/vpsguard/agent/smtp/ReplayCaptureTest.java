package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCaptureTest {
    static final String NEW =
            "[1795417945.971761]\t    [NEW] tcp      6 120 SYN_SENT src=198.51.100.200"
                    + " dst=198.51.100.206 sport=42616 dport=25 [UNREPLIED] src=198.51.100.206"
                    + " dst=198.51.100.200 sport=25 dport=42616 id=1835295417";
    static final String UPDATE =
            "[1795417945.970775]\t [UPDATE] tcp      6 432000 ESTABLISHED src=198.51.100.200"
                    + " dst=198.51.100.206 sport=42616 dport=25 src=198.51.100.206"
                    + " dst=198.51.100.200 sport=25 dport=42616 [ASSURED] id=1835295417";
    static final String DESTROY =
            "[1795418068.101207]\t[DESTROY] tcp      6 TIME_WAIT src=198.51.100.200"
                    + " dst=198.51.100.206 sport=42616 dport=25 src=198.51.100.206"
                    + " dst=198.51.100.200 sport=25 dport=42616 [ASSURED] id=1835295417";

    @TempDir Path dir;

    static ReplayCapture parse(String text) throws Exception {
        return ReplayCapture.parse(
                "test.conntrack", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private ReplayCaptureException error(String text) {
        Path file = dir.resolve("bad.conntrack");
        try {
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            ReplayCapture.load(file.toString());
        } catch (ReplayCaptureException e) {
            assertThat(e.getMessage()).startsWith(file + ": ").doesNotContain("\n");
            return e;
        }
        throw new AssertionError("expected a ReplayCaptureException");
    }

    @Test
    void theBuiltinDemoCaptureLoadsAndEveryLineReplaysAsAnEventOfTheSameFlow() throws Exception {
        ReplayCapture c = ReplayCapture.load(ReplayCapture.BUILTIN_DEMO);
        List<String> events =
                CaptureTruth.builtinDemoLines().stream()
                        .filter(l -> !l.isBlank() && !l.startsWith("#"))
                        .toList();
        assertThat(c.name()).isEqualTo("builtin:demo");
        assertThat(c.size()).isEqualTo(events.size()).isGreaterThan(500);
        Map<String, CaptureTruth> truth = CaptureTruth.bySource(events);
        assertThat(c.flows()).isEqualTo(truth.values().stream().mapToLong(t -> t.flows()).sum());
        assertThat(c.offset(0)).isEqualTo(Duration.ZERO);
        assertThat(c.length()).isBetween(Duration.ofSeconds(120), Duration.ofMinutes(10));

        Instant stamp = Instant.parse("2030-01-02T03:04:05.000007Z");
        for (int i = 0; i < c.size(); i++) {
            ConntrackEvent original = ConntrackEventParser.parse(events.get(i));
            ConntrackEvent replayed =
                    ConntrackEventParser.parse(c.line(i, stamp, 4_000_000_000L + i));
            assertThat(replayed.timestamp()).isEqualTo(stamp);
            assertThat(replayed.id()).isEqualTo(4_000_000_000L + i);
            assertThat(replayed)
                    .usingRecursiveComparison()
                    .ignoringFields("timestamp", "id")
                    .isEqualTo(original);
            assertThat(c.offset(i))
                    .isEqualTo(
                            Duration.between(
                                    ConntrackEventParser.parse(events.get(0)).timestamp(),
                                    original.timestamp()));
        }
    }

    @Test
    void theBuiltinDemoCaptureHasAComplete300ConnectionSpamEpisodeAndTwoQuietSenders() {
        Map<String, CaptureTruth> t = CaptureTruth.bySource(CaptureTruth.builtinDemoLines());
        assertThat(t).containsOnlyKeys("198.51.100.101", "203.0.113.5", "198.51.100.200");
        CaptureTruth spam = t.get("198.51.100.101");
        assertThat(spam.newConnections()).isEqualTo(300);
        assertThat(spam.refused() + spam.unreplied())
                .as("the spam bot fails more than the default policy's failure ratio, 0.5")
                .isGreaterThan(150);
        assertThat(t.get("198.51.100.200").established()).isEqualTo(40);
        assertThat(t.get("198.51.100.200").refused() + t.get("198.51.100.200").unreplied())
                .isZero();
        assertThat(t.get("203.0.113.5").established()).isEqualTo(3);
        t.values()
                .forEach(
                        g ->
                                assertThat(g.destroyed())
                                        .as("every flow ends within the capture")
                                        .isEqualTo(g.flows()));
    }

    @Test
    void flowsAreNumberedInOrderOfFirstAppearanceByIdAndTuple() throws Exception {
        String otherFlowSameId =
                NEW.replace("sport=42616", "sport=1").replace("dport=42616", "dport=1");
        ReplayCapture c =
                parse(
                        "# header\n\n"
                                + UPDATE
                                + "\n"
                                + NEW
                                + "\n"
                                + otherFlowSameId
                                + "\n"
                                + DESTROY
                                + "\n");
        assertThat(c.size()).isEqualTo(4);
        assertThat(c.flows()).isEqualTo(2);
        assertThat(List.of(c.flow(0), c.flow(1), c.flow(2), c.flow(3))).containsExactly(0, 0, 1, 0);
        assertThat(c.offset(1)).isEqualTo(Duration.ofNanos(986_000));
        assertThat(c.length()).isEqualTo(Duration.ofSeconds(122).plusNanos(130_432_000));
    }

    @Test
    void lineStampsMicrosecondsAndRefusesIdsOutsideThe32BitRange() throws Exception {
        ReplayCapture c = parse(NEW);
        String line = c.line(0, Instant.ofEpochSecond(1_800_000_000L, 5_999), 0);
        assertThat(line)
                .startsWith("[1800000000.000005]\t    [NEW] tcp")
                .endsWith(" dport=42616 id=0");
        assertThat(c.line(0, Instant.ofEpochSecond(7, 120_000_000), 4_294_967_295L))
                .startsWith("[7.120000]")
                .endsWith("id=4294967295");
        assertThatThrownBy(() -> c.line(0, Instant.EPOCH, 4_294_967_296L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.line(0, Instant.EPOCH, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLineThatIsNotAnEventIsRefusedWithItsLineNumber() {
        ReplayCaptureException e = error("# comment\n" + NEW + "\nnot conntrack at all\n");
        assertThat(e.reason()).startsWith("line 3: not a conntrack event: ");
        e = error(NEW + "\n" + NEW.replace("SYN_SENT", "SYN_SORT") + "\n");
        assertThat(e.reason())
                .isEqualTo("line 2: not a conntrack event: unknown tcp state: SYN_SORT");
    }

    @Test
    void linesOutOfTimestampOrderAreRefused() {
        ReplayCaptureException e = error(DESTROY + "\n\n# x\n" + NEW + "\n");
        assertThat(e.reason())
                .startsWith("line 4: timestamp ")
                .endsWith("is earlier than line 1's; the lines must be in timestamp order");
    }

    @Test
    void otherPortsAndMissingOrRepeatedIdsAreRefused() {
        assertThat(error(NEW.replace("dport=25", "dport=587")).reason())
                .startsWith("line 1: a flow to port 587, not 25");
        assertThat(error(NEW + " id=5").reason())
                .isEqualTo("line 1: must carry exactly one id= field");
        assertThat(error(NEW.replace(" id=1835295417", "")).reason())
                .isEqualTo(
                        "line 1: not a conntrack event: no id= field (run conntrack with -o id)");
    }

    @Test
    void filesWithoutEventsOrNotUtf8OrMissingAreRefused() throws Exception {
        assertThat(error("# only a header\n\n").reason()).isEqualTo("holds no conntrack events");
        Path binary = dir.resolve("binary.conntrack");
        Files.write(binary, new byte[] {'[', (byte) 0xff, (byte) 0xfe, '\n'});
        assertThatThrownBy(() -> ReplayCapture.load(binary.toString()))
                .isInstanceOf(ReplayCaptureException.class)
                .hasMessage(binary + ": cannot read: not UTF-8 text");
        assertThatThrownBy(() -> ReplayCapture.load(dir.resolve("nope").toString()))
                .hasMessage(dir.resolve("nope") + ": no such file");
        assertThatThrownBy(() -> ReplayCapture.load(dir.toString()))
                .hasMessage(dir + ": not a regular file");
        assertThatThrownBy(() -> ReplayCapture.load("relative/demo.conntrack"))
                .hasMessage("relative/demo.conntrack: must be an absolute path or builtin:demo");
        assertThatThrownBy(() -> ReplayCapture.load("builtin:spam"))
                .hasMessage("builtin:spam: unknown built-in capture; the only one is builtin:demo");
    }

    @Test
    void aFileCaptureLoadsLikeTheBuiltinOne() throws Exception {
        Path file = dir.resolve("mine.conntrack");
        Files.writeString(file, String.join("\n", UPDATE, NEW, DESTROY) + "\n");
        ReplayCapture c = ReplayCapture.load(file.toString());
        assertThat(c.name()).isEqualTo(file.toString());
        assertThat(c.size()).isEqualTo(3);
        Set<Integer> flows = new HashSet<>(List.of(c.flow(0), c.flow(1), c.flow(2)));
        assertThat(flows).containsExactly(0);
    }
}

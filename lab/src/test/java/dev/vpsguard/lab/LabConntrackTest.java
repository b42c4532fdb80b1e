package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the agent's watch table in {@code hv}, {@code conntrack -E} there sees every guest SMTP
 * flow, bridged, from both kinds of guest: one NEW event per connection of the ground truth.
 */
@ExtendWith(LabExtension.class)
@TestMethodOrder(MethodOrderer.MethodName.class)
class LabConntrackTest {
    private static final Pattern DST = Pattern.compile(" dst=(\\S+) ");

    private static LabSink sink;
    private static LabConntrack conntrack;

    @BeforeAll
    static void start(Lab lab) {
        sink = LabSink.start(lab);
        conntrack = LabConntrack.start(lab);
    }

    @AfterAll
    static void stop() {
        if (conntrack != null) {
            conntrack.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void conntrackSeesOneNewEventPerGuestConnectionInBothTopologies(Lab lab) {
        TrafficProfile small = TrafficProfile.spamBot(lab.mx(), 40, 0, 7L);
        GroundTruth truth = small.groundTruth();
        ProfileRunner.Started in = ProfileRunner.start(lab, lab.inSubnetGuest(), small, 20);
        ProfileRunner.Started out = ProfileRunner.start(lab, lab.outOfSubnetGuest(), small, 20);
        GeneratorResult inResult = ProfileRunner.result(in);
        GeneratorResult outResult = ProfileRunner.result(out);

        for (LabGuest g : List.of(lab.inSubnetGuest(), lab.outOfSubnetGuest())) {
            List<String> events = conntrack.awaitNewEventsFrom(g.address(), truth.newConnections());
            assertThat(events).as("NEW events from " + g.address()).hasSize(truth.newConnections());
            assertThat(events.stream().map(LabConntrackTest::dst).collect(Collectors.toSet()))
                    .hasSize(truth.distinctDestinations());
            assertThat(events).allMatch(l -> l.contains("dport=25") && l.contains(" id="));
        }
        assertThat(inResult.attempted()).isEqualTo(truth.newConnections());
        assertThat(outResult.attempted()).isEqualTo(truth.newConnections());
        // Retransmitted SYNs of unreplied flows are "ct state new" too, so the counter can exceed.
        assertThat(conntrack.watchCounterPackets())
                .isGreaterThanOrEqualTo(2L * truth.newConnections());
    }

    /**
     * Sessions closed as Postfix closes them (QUIT, then close without reading the 221) are all
     * ASSURED, and many end in conntrack state CLOSE, flagged ASSURED, as soon as the 221 meets the
     * closed socket (the rest, where the server's FIN came first, in TIME_WAIT): the agent must
     * count both as established, never as refused.
     */
    @Test
    void postfixStyleClosesAfterQuitEndInCloseAssured(Lab lab) {
        TrafficProfile news = TrafficProfile.newsletter(lab.mx());
        int n = news.groundTruth().newConnections();
        LabGuest g = lab.inSubnetGuest();
        int from = conntrack.lines().size(); // the other test's flows came before
        GeneratorResult r = ProfileRunner.run(lab, g, news);
        assertThat(r.accepted()).isEqualTo(n);
        assertThat(r.firstError()).isEmpty();
        String src = "src=" + g.address() + " ";
        LabPoll.until(
                Duration.ofSeconds(10),
                () -> ended(from, src, " CLOSE ", " TIME_WAIT ").size() >= n,
                () ->
                        n
                                + " flows from "
                                + g.address()
                                + " ended; conntrack:\n"
                                + conntrack.lines());
        assertThat(ended(from, src, " CLOSE ")).as("CLOSE [ASSURED]").isNotEmpty();
        assertThat(ended(from, src, " CLOSE ", " TIME_WAIT ")).hasSize(n);
    }

    /** The ids of flows from {@code src} that entered one of {@code states} while ASSURED. */
    private static Set<String> ended(int from, String src, String... states) {
        List<String> lines = conntrack.lines();
        return lines.subList(from, lines.size()).stream()
                .filter(
                        l ->
                                l.contains("[UPDATE]")
                                        && Stream.of(states).anyMatch(l::contains)
                                        && l.contains("[ASSURED]")
                                        && l.contains(src))
                .map(l -> l.substring(l.lastIndexOf(" id=")))
                .collect(Collectors.toSet());
    }

    private static String dst(String line) {
        Matcher m = DST.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("no dst in " + line);
        }
        return m.group(1);
    }
}

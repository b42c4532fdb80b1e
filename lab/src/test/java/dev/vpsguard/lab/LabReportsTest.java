package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts: sink counts and generator results parse, ground truth is derived right. */
class LabReportsTest {
    private final LabMx mx = new LabMx(30, 5, 5);

    @Test
    void sinkCountsSeparateSmtpFromOtherPorts() {
        SinkCounts c =
                SinkCounts.parse(
                        List.of(
                                "conn 198.51.100.201:25 4",
                                "conn 198.51.100.202:25 1",
                                "conn 198.51.100.1:80 7",
                                "msg 198.51.100.201:25 2",
                                "END"));

        assertThat(c.smtpPerAddress())
                .isEqualTo(Map.of("198.51.100.201", 4L, "198.51.100.202", 1L));
        assertThat(c.smtpConnections()).isEqualTo(5);
        assertThat(c.smtpMessages()).isEqualTo(2);
        assertThat(c.connectionsTo("198.51.100.1", 80)).isEqualTo(7);
    }

    @Test
    void sinkCountsWithoutEndOrWithGarbageAreRejected() {
        assertThatThrownBy(() -> SinkCounts.parse(List.of("conn 198.51.100.201:25 4")))
                .hasMessageContaining("without END");
        assertThatThrownBy(() -> SinkCounts.parse(List.of("conn x y z", "END")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatorResultParsesItsPropertiesFile() {
        GeneratorResult r =
                GeneratorResult.parse(
                        "attempted=10\naccepted=7\nrefused=2\nunreplied=1\nfailed=0\n"
                                + "elapsedMillis=500\nstoppedEarly=false\nfirstError=\n"
                                + "accepted.198.51.100.201\\:25=7\n");

        assertThat(r.acceptedPerEndpoint()).isEqualTo(Map.of("198.51.100.201:25", 7L));
        assertThat(r.connectionsPerSecond()).isEqualTo(20.0);
        assertThatThrownBy(() -> GeneratorResult.parse("attempted=1\n"))
                .hasMessageContaining("lacks accepted");
    }

    @Test
    void spamBotGroundTruthHasRefusedAndUnrepliedShares() {
        GroundTruth t = TrafficProfile.spamBot(mx).groundTruth();

        assertThat(t.newConnections()).isEqualTo(200);
        assertThat(t.accepted() + t.refused() + t.unreplied()).isEqualTo(200);
        // 5 of 40 addresses each: about 25 of 200; the seeded plan gives the exact figure.
        assertThat(t.refused()).isBetween(10, 45);
        assertThat(t.unreplied()).isBetween(10, 45);
        assertThat(t.distinctSlash24()).isEqualTo(1);
        assertThat(t.acceptedPerAddress().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(t.accepted());
    }

    @Test
    void noSmtpProfileHasNoPortTwentyFiveTraffic() {
        GroundTruth t = TrafficProfile.noSmtp(mx).groundTruth();

        assertThat(t.newConnections()).isZero();
        assertThat(t.otherConnections()).isEqualTo(20);
    }

    @Test
    void mxGroupsAreConsecutiveAndDisjoint() {
        assertThat(mx.accepting()).startsWith("198.51.100.201").endsWith("198.51.100.230");
        assertThat(mx.refusing())
                .containsExactly(
                        "198.51.100.231",
                        "198.51.100.232",
                        "198.51.100.233",
                        "198.51.100.234",
                        "198.51.100.235");
        assertThat(mx.dropping()).endsWith("198.51.100.240");
        assertThat(mx.expectedOutcome("198.51.100.236")).isEqualTo(LabMx.Outcome.UNREPLIED);
        assertThatThrownBy(() -> mx.expectedOutcome("198.51.100.1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each traffic profile, played for real from a guest, produces exactly its ground truth. */
@ExtendWith(LabExtension.class)
class TrafficProfileLabTest {
    private static LabSink sink;

    @BeforeAll
    static void startSink(Lab lab) {
        sink = LabSink.start(lab);
    }

    @AfterAll
    static void stopSink() {
        if (sink != null) {
            sink.close();
        }
    }

    @BeforeEach
    void resetCounts() {
        sink.reset();
    }

    @Test
    void spamBotFromOutOfSubnetGuestMatchesGroundTruth(Lab lab) {
        TrafficProfile bot = TrafficProfile.spamBot(lab.mx());
        GroundTruth truth = bot.groundTruth();

        GeneratorResult r = ProfileRunner.run(lab, lab.outOfSubnetGuest(), bot);

        assertThat(r.firstError()).isEmpty();
        assertThat(r.attempted()).isEqualTo(truth.newConnections()).isEqualTo(200);
        assertThat(r.refused()).isEqualTo(truth.refused()).isPositive();
        assertThat(r.unreplied()).isEqualTo(truth.unreplied()).isPositive();
        assertThat(r.accepted()).isEqualTo(truth.accepted());
        assertThat(sink.counts().smtpPerAddress()).isEqualTo(truth.acceptedPerAddress());
        assertThat(truth.distinctDestinations()).isGreaterThan(30);
    }

    @Test
    void legitimateMailServerDeliversThreeMessagesWithSwaks(Lab lab) {
        TrafficProfile legit = TrafficProfile.legitimateMailServer(lab.mx());
        GroundTruth truth = legit.groundTruth();

        GeneratorResult r = ProfileRunner.run(lab, lab.inSubnetGuest(), legit);

        assertThat(r.firstError()).isEmpty();
        assertThat(r.accepted()).isEqualTo(truth.accepted()).isEqualTo(3);
        SinkCounts c = sink.counts();
        assertThat(c.smtpPerAddress()).isEqualTo(truth.acceptedPerAddress());
        assertThat(c.smtpMessages()).isEqualTo(3);
        assertThat(truth.distinctDestinations()).isEqualTo(2);
    }

    @Test
    void newsletterBurstsAreAllAccepted(Lab lab) {
        TrafficProfile news = TrafficProfile.newsletter(lab.mx());
        GroundTruth truth = news.groundTruth();

        GeneratorResult r = ProfileRunner.run(lab, lab.inSubnetGuest(), news);

        assertThat(r.firstError()).isEmpty();
        assertThat(r.accepted()).isEqualTo(truth.newConnections()).isEqualTo(90);
        assertThat(truth.refused() + truth.unreplied()).isZero();
        Map<String, Long> perAddress = sink.counts().smtpPerAddress();
        assertThat(perAddress).isEqualTo(truth.acceptedPerAddress()).hasSize(30);
        assertThat(new TreeMap<>(perAddress).values()).containsOnly(3L);
    }

    @Test
    void noSmtpGuestLeavesPortTwentyFiveSilent(Lab lab) {
        TrafficProfile quiet = TrafficProfile.noSmtp(lab.mx());

        GeneratorResult r = ProfileRunner.run(lab, lab.outOfSubnetGuest(), quiet);

        assertThat(quiet.groundTruth().newConnections()).isZero();
        assertThat(r.accepted()).isEqualTo(quiet.groundTruth().otherConnections()).isEqualTo(20);
        SinkCounts c = sink.counts();
        assertThat(c.smtpConnections()).isZero();
        assertThat(c.connectionsTo(Lab.ROUTER_ADDRESS, LabSink.WEB_PORT)).isEqualTo(20);
    }
}

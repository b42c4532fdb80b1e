package dev.vpsguard.server.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.detect.SmtpSeries;
import dev.vpsguard.server.detect.SpamDetector;
import dev.vpsguard.server.detect.SpamGuestState;
import dev.vpsguard.server.ladder.UnblockOutcome.Kind;
import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.PolicyLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Detector and ladder together on synthetic window series, as the server will wire them. */
class SpamEpisodesTest {
    static final ContractPolicy POWERPOS =
            PolicyLoader.loadBundled().contract("powerpos-vps").orElseThrow();
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration MIN = Duration.ofMinutes(1);
    static final Actor CUSTOMER = new Actor("tenant-7", Role.CUSTOMER);

    final SpamGuestState detector = new SpamGuestState();
    SmtpLadderState ladder = SmtpLadderState.empty("host-a/104");
    final List<LadderDecision> decisions = new ArrayList<>();

    /** Feeds windows through detector and ladder, with a tick after each window. */
    void feed(List<SmtpWindow> windows, double multiplier) {
        for (SmtpWindow w : windows) {
            var f = SpamDetector.observe(detector, w, POWERPOS.spam(), multiplier);
            LadderEvent e =
                    f.<LadderEvent>map(x -> new LadderEvent.SpamDetected(w.end(), x))
                            .orElse(new LadderEvent.Tick(w.end()));
            step(e);
        }
    }

    LadderStep step(LadderEvent e) {
        LadderStep s = StrikeLadder.apply(ladder, e, POWERPOS.ladder());
        ladder = s.state();
        decisions.addAll(s.decisions());
        return s;
    }

    List<SmtpWindow> bot(Instant from, int minutes) {
        return SmtpSeries.series(from, MIN, minutes, i -> SmtpSeries.spamBotPerMinute());
    }

    List<SmtpWindow> quiet(Instant from, int minutes) {
        return SmtpSeries.series(from, MIN, minutes, SmtpSeries::smallServerPerMinute);
    }

    List<Integer> strikesStarted() {
        return decisions.stream()
                .filter(d -> d instanceof LadderDecision.StartSmtpBlock)
                .map(d -> ((LadderDecision.StartSmtpBlock) d).strike())
                .toList();
    }

    @Test
    void threeSpamEpisodesClimbTheLadderAndTheThirdUnblockIsRefused() {
        // episode 1: a spam bot for 20 minutes -> strike 1, one block however long it goes on
        feed(bot(T0, 20), 1);
        assertThat(strikesStarted()).containsExactly(1);
        assertThat(ladder.blocks().get(0).findingsDuringBlock()).isGreaterThan(0);
        Instant cleaned = T0.plus(Duration.ofMinutes(30));
        feed(quiet(T0.plus(Duration.ofMinutes(20)), 10), 1);
        // an early request is scheduled, the block lifts at the 1 h minimum
        LadderStep early =
                step(
                        new LadderEvent.UnblockRequested(
                                cleaned, CUSTOMER, Channel.CUSTOMER_LINK, "cleaned"));
        assertThat(early.outcome().kind()).isEqualTo(Kind.SCHEDULED);
        Instant firstMin = ladder.blocks().get(0).minUntil();
        feed(quiet(cleaned, 60), 1);
        assertThat(ladder.activeBlock()).isEmpty();
        assertThat(ladder.blocks().get(0).liftedAt()).isAfterOrEqualTo(firstMin);

        // episode 2, a week later: strike 2 with a longer minimum
        Instant e2 = T0.plus(Duration.ofDays(7));
        feed(bot(e2, 5), 1);
        assertThat(strikesStarted()).containsExactly(1, 2);
        SmtpBlock second = ladder.activeBlock().orElseThrow();
        assertThat(Duration.between(second.startedAt(), second.minUntil()))
                .isEqualTo(Duration.ofHours(24));
        LadderStep granted =
                step(
                        new LadderEvent.UnblockRequested(
                                e2.plus(Duration.ofDays(2)), CUSTOMER, Channel.API, "reinstalled"));
        assertThat(granted.outcome().kind()).isEqualTo(Kind.GRANTED);

        // episode 3: strike 3, refused under the contract's Article 8 (docs/contracts.md S9)
        Instant e3 = T0.plus(Duration.ofDays(30));
        feed(bot(e3, 5), 1);
        assertThat(strikesStarted()).containsExactly(1, 2, 3);
        LadderStep refused =
                step(
                        new LadderEvent.UnblockRequested(
                                e3.plus(Duration.ofDays(10)),
                                CUSTOMER,
                                Channel.CUSTOMER_LINK,
                                "please"));
        assertThat(refused.outcome().kind()).isEqualTo(Kind.REFUSED);
        assertThat(refused.outcome().clause()).isEqualTo("POWER POS - location de VPS, Article 8");
        assertThat(ladder.activeBlock()).isPresent();
    }

    @Test
    void aBotReturningAfterItsStrikeExpiredStartsAgainAtStrikeOne() {
        feed(bot(T0, 5), 1);
        step(
                new LadderEvent.UnblockRequested(
                        T0.plus(Duration.ofHours(2)), CUSTOMER, Channel.API, "fixed"));
        Instant yearLater = T0.plus(Duration.ofDays(400));
        feed(bot(yearLater, 5), 1);
        assertThat(strikesStarted()).containsExactly(1, 1);
    }

    @Test
    void declaredSenderNewsletterPassesButItsSpamIsBlocked() {
        double declared = POWERPOS.declaredSenders().thresholdMultiplier();
        feed(quiet(T0, 60), declared);
        feed(
                SmtpSeries.series(
                        T0.plus(Duration.ofHours(1)), MIN, 5, i -> new long[] {150, 120, 80, 4, 3}),
                declared);
        feed(quiet(T0.plus(Duration.ofMinutes(65)), 60), declared);
        assertThat(strikesStarted()).isEmpty();

        feed(
                SmtpSeries.series(
                        T0.plus(Duration.ofHours(3)),
                        MIN,
                        5,
                        i -> new long[] {2000, 1800, 1500, 1200, 100}),
                declared);
        assertThat(strikesStarted()).containsExactly(1);
        var start = (LadderDecision.StartSmtpBlock) decisions.get(0);
        assertThat(start.finding().thresholdMultiplier()).isEqualTo(declared);
    }
}

package dev.vpsguard.server.detect;

import static dev.vpsguard.server.detect.SmtpSeries.run;
import static dev.vpsguard.server.detect.SmtpSeries.series;
import static dev.vpsguard.server.detect.SmtpSeries.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.PolicyLoader;
import dev.vpsguard.server.policy.SpamPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpamDetectorTest {
    static final ContractPolicy DEFAULT = PolicyLoader.loadBundled().forTenant(null);
    static final SpamPolicy SPAM = DEFAULT.spam();
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration MIN = Duration.ofMinutes(1);
    static final double DECLARED = DEFAULT.declaredSenders().thresholdMultiplier();

    /**
     * The default thresholds with fan-out counted whatever the failures ({@code min_failure_ratio:
     * 0}), for the tests of how distinct destinations are counted.
     */
    static final SpamPolicy PLAIN_FAN_OUT = SpamPolicies.fanOutFailureFloor(SPAM, 0);

    @Test
    void spamBotRaisesAFindingWithItsNumbersAfterTheHysteresis() {
        var state = new SpamGuestState();
        List<SmtpWindow> ws = series(T0, MIN, 3, i -> SmtpSeries.spamBotPerMinute());
        assertThat(SpamDetector.observe(state, ws.get(0), SPAM, 1)).isEmpty();
        var f = SpamDetector.observe(state, ws.get(1), SPAM, 1).orElseThrow();
        assertThat(f.rules())
                .contains(
                        SpamRule.BURST,
                        SpamRule.FAN_OUT_DESTINATIONS,
                        SpamRule.FAN_OUT_PREFIXES,
                        SpamRule.FAILURE_RATIO);
        assertThat(f.connectionsPerMinute()).isEqualTo(200);
        assertThat(f.distinctDestinations()).isEqualTo(300);
        assertThat(f.distinctPrefixes()).isEqualTo(240);
        assertThat(f.failureRatio()).isEqualTo(0.6);
        assertThat(f.newConnections10Min()).isEqualTo(400);
        assertThat(f.baselinePerMinute()).isNaN(); // no history: absolute thresholds only
        // A block's score is its strongest blocking rule's: 240 networks against 100, or 60%
        // failing against 25% (2.4 each); the burst (3.3) is listed, but no block rests on it.
        assertThat(f.score()).isCloseTo(2.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.windowStart()).isEqualTo(T0);
        assertThat(f.windowEnd()).isEqualTo(T0.plus(MIN.multipliedBy(2)));
        assertThat(f.consecutiveWindows()).isEqualTo(2);
        assertThat(f.clause()).contains("S6");
        assertThat(f.blocking()).isTrue();
    }

    @Test
    void aLoneBurstFollowedBySilenceNeverActs() {
        var state = new SpamGuestState();
        var odd = window(T0, T0.plusSeconds(5), 100, 90, 80, 0, 0);
        assertThat(SpamDetector.observe(state, odd, SPAM, 1)).isEmpty();
        var silence =
                series(
                        T0.plusSeconds(5),
                        Duration.ofSeconds(5),
                        240,
                        i -> new long[] {0, 0, 0, 0, 0});
        assertThat(run(state, silence, SPAM, 1)).isEmpty();
        assertThat(state.streak()).isZero();
    }

    @Test
    void aContinuingBurstActsOnTheSecondWindow() {
        var state = new SpamGuestState();
        // 50 per 5 s: the minute passes 60 on window 2, and fires again on window 3
        var bot = series(T0, Duration.ofSeconds(5), 4, i -> new long[] {50, 40, 30, 0, 0});
        var found = run(state, bot, SPAM, 1);
        assertThat(found).hasSize(2); // windows 3 and 4
        assertThat(found.get(0).connectionsPerMinute()).isEqualTo(150);
        assertThat(found.get(0).rules()).containsExactly(SpamRule.BURST);
        assertThat(found).noneMatch(SpamFinding::blocking); // volume alone
    }

    @Test
    void aSingleFiringWindowBetweenCleanOnesRaisesNothing() {
        var state = new SpamGuestState();
        // 10-minute windows: each holds its whole span, so a lone bad one is followed by clean ones
        Duration ten = Duration.ofMinutes(10);
        var ws =
                series(
                        T0,
                        ten,
                        12,
                        i ->
                                i == 5
                                        ? new long[] {400, 300, 200, 0, 0}
                                        : new long[] {20, 5, 3, 0, 0});
        assertThat(run(state, ws, SPAM, 1)).isEmpty();
    }

    @Test
    void smallMailServerRunsADayWithoutFinding() {
        var state = new SpamGuestState();
        var ws = series(T0, MIN, 24 * 60, SmtpSeries::smallServerPerMinute);
        assertThat(run(state, ws, SPAM, 1)).isEmpty();
        assertThat(state.baselineSamples()).isEqualTo(24 * 60);
        assertThat(state.baselinePerMinute()).isBetween(0.5, 5.0);
    }

    @Test
    void declaredNewsletterBurstsStayWithinTheirRaisedLimits() {
        var state = new SpamGuestState();
        // quiet for an hour, then a 5-minute newsletter: 150/min to 120 new addresses a minute
        var quiet = series(T0, MIN, 60, SmtpSeries::smallServerPerMinute);
        var letter =
                series(T0.plus(Duration.ofHours(1)), MIN, 5, i -> new long[] {150, 120, 80, 4, 3});
        var after =
                series(T0.plus(Duration.ofMinutes(65)), MIN, 60, SmtpSeries::smallServerPerMinute);
        assertThat(run(state, quiet, SPAM, DECLARED)).isEmpty();
        assertThat(run(state, letter, SPAM, DECLARED)).isEmpty();
        assertThat(run(state, after, SPAM, DECLARED)).isEmpty();
    }

    @Test
    void sameNewsletterFromAnUndeclaredGuestIsAFinding() {
        var state = new SpamGuestState();
        var letter = series(T0, MIN, 5, i -> new long[] {150, 120, 80, 4, 3});
        var found = run(state, letter, SPAM, 1);
        assertThat(found).isNotEmpty();
        // 600 destinations but 5% failing: bulk mail, not a bot's spray; a finding, no block.
        assertThat(found).noneMatch(SpamFinding::blocking);
        assertThat(found.get(0).rules()).containsExactly(SpamRule.BURST);
    }

    @Test
    void declaredSenderThatSpamsIsStillFound() {
        var state = new SpamGuestState();
        var bot = series(T0, MIN, 4, i -> new long[] {2000, 1800, 1500, 1200, 100});
        var findings = run(state, bot, SPAM, DECLARED);
        assertThat(findings).isNotEmpty();
        assertThat(findings.get(0).thresholdMultiplier()).isEqualTo(DECLARED);
        assertThat(findings.get(0).rules()).contains(SpamRule.BURST, SpamRule.FAILURE_RATIO);
    }

    @Test
    void anomalyFiresAgainstTheGuestsOwnBaselineOnlyOnceItSpansTheMinimumHistory() {
        // 40/min is under the burst threshold (60) but 20x a 2/min baseline
        Duration history = SPAM.anomaly().minHistory();
        var trained = new SpamGuestState();
        int minutes = (int) history.plusHours(1).toMinutes();
        run(trained, series(T0, MIN, minutes, i -> new long[] {2, 2, 2, 0, 0}), SPAM, 1);
        assertThat(trained.baselinePerMinute()).isEqualTo(2.0);
        assertThat(trained.baselineSince()).isEqualTo(T0);
        var spike =
                series(
                        T0.plus(MIN.multipliedBy(minutes)),
                        MIN,
                        2,
                        i -> new long[] {40, 3, 2, 0, 0});
        var found = run(trained, spike, SPAM, 1);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).rules()).containsExactly(SpamRule.ANOMALY);
        assertThat(found.get(0).baselinePerMinute()).isEqualTo(2.0);
        assertThat(found.get(0).blocking()).isFalse();

        // Cold start: an hour of the same history is not enough to judge the guest by.
        var young = new SpamGuestState();
        run(young, series(T0, MIN, 60, i -> new long[] {2, 2, 2, 0, 0}), SPAM, 1);
        var early = series(T0.plus(Duration.ofHours(1)), MIN, 2, i -> new long[] {40, 3, 2, 0, 0});
        assertThat(run(young, early, SPAM, 1)).isEmpty();
        var fresh = new SpamGuestState();
        assertThat(run(fresh, series(T0, MIN, 2, i -> new long[] {40, 3, 2, 0, 0}), SPAM, 1))
                .isEmpty();
    }

    @Test
    void baselineLearnsOnlyFromCleanWindows() {
        var state = new SpamGuestState();
        run(state, series(T0, MIN, 20, i -> new long[] {3, 2, 2, 0, 0}), SPAM, 1);
        double before = state.baselinePerMinute();
        long samples = state.baselineSamples();
        run(
                state,
                series(T0.plus(Duration.ofMinutes(20)), MIN, 5, i -> SmtpSeries.spamBotPerMinute()),
                SPAM,
                1);
        assertThat(state.baselinePerMinute()).isEqualTo(before);
        assertThat(state.baselineSamples()).isEqualTo(samples);
    }

    @Test
    void longWindowsAreProRatedOverTheMinute() {
        var state = new SpamGuestState();
        // 5-minute windows of 1000 connections: 200/min
        var ws = series(T0, Duration.ofMinutes(5), 2, i -> new long[] {1000, 40, 30, 0, 0});
        var found = run(state, ws, SPAM, 1);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).connectionsPerMinute())
                .isCloseTo(200, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(found.get(0).rules()).contains(SpamRule.BURST);
    }

    @Test
    void lateDuplicateAndMalformedWindowsAreIgnored() {
        var state = new SpamGuestState();
        var ws = series(T0, MIN, 2, i -> SmtpSeries.spamBotPerMinute());
        SpamDetector.observe(state, ws.get(1), SPAM, 1);
        assertThat(SpamDetector.observe(state, ws.get(0), SPAM, 1)).isEmpty(); // earlier
        assertThat(SpamDetector.observe(state, ws.get(1), SPAM, 1)).isEmpty(); // duplicate
        assertThat(state.streak()).isEqualTo(1);
        // Malformed windows never reach the detector: the protocol refuses to build them.
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> window(T0.plusSeconds(600), T0.plusSeconds(500), 9, 9, 9, 0, 0))
                .isInstanceOf(dev.vpsguard.protocol.FieldViolation.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> window(T0.plusSeconds(600), T0.plusSeconds(660), -1, 0, 0, 0, 0))
                .isInstanceOf(dev.vpsguard.protocol.FieldViolation.class);
        assertThat(state.lastEnd()).isEqualTo(ws.get(1).end());
    }

    @Test
    void failureRatioNeedsItsMinimumCount() {
        var state = new SpamGuestState();
        // 20 connections in 10 min, all failing: under min_connections (30), not a finding
        var ws = series(T0, MIN, 10, i -> new long[] {2, 2, 2, 2, 0});
        assertThat(run(state, ws, SPAM, 1)).isEmpty();
        // 40 connections, 75% failing: a finding
        var s2 = new SpamGuestState();
        var found = run(s2, series(T0, MIN, 10, i -> new long[] {4, 2, 2, 3, 0}), SPAM, 1);
        assertThat(found).isNotEmpty();
        assertThat(found.get(found.size() - 1).rules()).containsExactly(SpamRule.FAILURE_RATIO);
    }

    @Test
    void slidingWindowsAreNotCountedTwice() {
        // the agent reports the last 10 minutes every minute: each report overlaps the previous
        Duration ten = Duration.ofMinutes(10);
        var state = new SpamGuestState();
        for (int i = 0; i < 30; i++) {
            Instant end = T0.plus(MIN.multipliedBy(i));
            var w = window(end.minus(ten), end, 50, 10, 5, 0, 0); // 5 a minute
            assertThat(SpamDetector.observe(state, w, SPAM, 1)).isEmpty();
        }
        assertThat(state.baselinePerMinute())
                .isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-6));

        var bot = new SpamGuestState();
        java.util.List<SpamFinding> found = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant end = T0.plus(MIN.multipliedBy(i));
            SpamDetector.observe(bot, window(end.minus(ten), end, 2000, 60, 40, 0, 0), SPAM, 1)
                    .ifPresent(found::add);
        }
        assertThat(found).hasSize(2);
        assertThat(found.get(1).connectionsPerMinute())
                .isCloseTo(200, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(found.get(1).newConnections10Min())
                .isCloseTo(2000, org.assertj.core.data.Offset.offset(1e-6));
    }

    /** 5-second windows for 10 minutes, the i-th with the agent's union {@code recent.apply(i)}. */
    private static List<SpamFinding> fiveSecondWindows(
            long conns,
            long dest,
            java.util.function.IntFunction<dev.vpsguard.protocol.RecentDistinct> recent) {
        var state = new SpamGuestState();
        List<SpamFinding> found = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Instant s = T0.plusSeconds(5L * i);
            SmtpWindow w = window(s, s.plusSeconds(5), conns, dest, 1, 0, 0);
            SpamDetector.observe(state, w.withRecent(recent.apply(i)), PLAIN_FAN_OUT, 1)
                    .ifPresent(found::add);
        }
        return found;
    }

    @Test
    void aProviderMailedInEveryWindowIsOneDestinationNotOnePerWindow() {
        // 3 mails every 5 s (36 a minute) to the same two MX: 2 destinations, whatever the span.
        var added = fiveSecondWindows(3, 2, i -> null);
        assertThat(added)
                .as("an agent without the union: 120 windows x 2 add up past 150")
                .isNotEmpty();
        assertThat(added.get(0).rules()).containsExactly(SpamRule.FAN_OUT_DESTINATIONS);
        var union =
                fiveSecondWindows(3, 2, i -> new dev.vpsguard.protocol.RecentDistinct(T0, 2, 1));
        assertThat(union).isEmpty();
    }

    @Test
    void aBotSpreadingSlowlyOverNewAddressesIsCaughtByTheUnion() {
        // 2 new addresses every 5 s: never more than 2 in a window, 160 in 10 minutes.
        var found =
                fiveSecondWindows(
                        2, 2, i -> new dev.vpsguard.protocol.RecentDistinct(T0, 2L * (i + 1), 1));
        assertThat(found).isNotEmpty();
        assertThat(found.get(0).rules()).containsExactly(SpamRule.FAN_OUT_DESTINATIONS);
        assertThat(found.get(0).distinctDestinations()).isGreaterThan(150);
    }

    @Test
    void afterAnAgentRestartTheWindowsBeforeItsUnionStillCount() {
        var state = new SpamGuestState();
        // 5 minutes of 1-minute windows with 35 distinct each (no union: an older agent); the
        // fifth passes 150...
        run(state, series(T0, MIN, 5, i -> new long[] {35, 35, 1, 0, 0}), PLAIN_FAN_OUT, 1);
        assertThat(state.streak()).isEqualTo(1);
        // ...then the agent restarts at T0+5min: its union covers only what it saw since.
        Instant restart = T0.plus(Duration.ofMinutes(5));
        SmtpWindow w =
                window(restart, restart.plus(MIN), 35, 35, 1, 0, 0)
                        .withRecent(new dev.vpsguard.protocol.RecentDistinct(restart, 30, 1));
        SpamFinding f = SpamDetector.observe(state, w, PLAIN_FAN_OUT, 1).orElseThrow();
        assertThat(f.distinctDestinations()).isEqualTo(5 * 35 + 30);
        assertThat(f.rules()).containsExactly(SpamRule.FAN_OUT_DESTINATIONS);
    }
}

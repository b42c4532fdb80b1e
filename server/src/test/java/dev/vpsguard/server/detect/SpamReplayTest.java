package dev.vpsguard.server.detect;

import static dev.vpsguard.server.detect.SmtpSeries.series;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.policy.PolicyDefaults;
import dev.vpsguard.server.policy.SpamPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** A state rebuilt from the stored (non-empty) windows behaves as the state it replaces. */
class SpamReplayTest {
    static final SpamPolicy SPAM = PolicyDefaults.SPAM;
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration FIVE_S = Duration.ofSeconds(5);

    /** Window i of a 5 s cadence: quiet, a trickle, or storms of various shapes. */
    @Provide
    Arbitrary<List<long[]>> counts() {
        Arbitrary<long[]> quiet = Arbitraries.just(new long[] {0, 0, 0, 0, 0});
        Arbitrary<long[]> trickle =
                Arbitraries.longs().between(1, 3).map(c -> new long[] {c, 1, 1, 0, 0});
        Arbitrary<long[]> storm =
                Arbitraries.longs()
                        .between(5, 80)
                        .flatMap(
                                c ->
                                        Arbitraries.longs()
                                                .between(0, c)
                                                .map(f -> new long[] {c, c / 2, c / 4, f, 0}));
        Arbitrary<long[]> window =
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, quiet),
                        net.jqwik.api.Tuple.of(3, trickle),
                        net.jqwik.api.Tuple.of(1, storm));
        return window.list().ofMinSize(2).ofMaxSize(240);
    }

    @Property(tries = 300)
    void aRestartAnywhereChangesNoFindingAndNoState(
            @ForAll("counts") List<long[]> counts, @ForAll @IntRange(min = 1, max = 239) int cut) {
        List<long[]> cs = new ArrayList<>(counts);
        cs.set(0, new long[] {2, 1, 1, 0, 0}); // the guest's first window is a stored one
        List<SmtpWindow> ws = series(T0, FIVE_S, cs.size(), cs::get);
        int k = Math.min(cut, ws.size() - 1);

        SpamGuestState live = new SpamGuestState();
        List<SpamFinding> liveFound = new ArrayList<>();
        for (SmtpWindow w : ws) {
            SpamDetector.observe(live, w, SPAM, 1).ifPresent(liveFound::add);
        }

        // The server stops before window k: what it had stored were the non-empty windows.
        SpamGuestState before = new SpamGuestState();
        List<SpamFinding> found = new ArrayList<>();
        List<SmtpWindow> stored = new ArrayList<>();
        for (SmtpWindow w : ws.subList(0, k)) {
            SpamDetector.observe(before, w, SPAM, 1).ifPresent(found::add);
            if (w.newConnections() > 0 || w.distinctDestinations() > 0) {
                stored.add(w);
            }
        }
        SpamGuestState rebuilt = SpamReplay.rebuild(List.of(), stored, ws.get(k), SPAM, 1);
        for (SmtpWindow w : ws.subList(k, ws.size())) {
            SpamDetector.observe(rebuilt, w, SPAM, 1).ifPresent(found::add);
        }

        assertThat(found).isEqualTo(liveFound);
        assertThat(rebuilt.streak()).isEqualTo(live.streak());
        assertThat(rebuilt.lastEnd()).isEqualTo(live.lastEnd());
        assertThat(rebuilt.baselineSamples()).isEqualTo(live.baselineSamples());
        assertThat(rebuilt.baselinePerMinute()).isEqualTo(live.baselinePerMinute());
    }

    @Test
    void aRestartBetweenTheTwoWindowsOfTheHysteresisStillFindsOnTheSecond() {
        List<SmtpWindow> storm = series(T0, FIVE_S, 2, i -> new long[] {100, 30, 20, 0, 0});
        SpamGuestState fresh = new SpamGuestState();
        assertThat(SpamDetector.observe(fresh, storm.get(1), SPAM, 1))
                .as("without the first window, the second is only the first in a row")
                .isEmpty();
        SpamGuestState rebuilt =
                SpamReplay.rebuild(List.of(), storm.subList(0, 1), storm.get(1), SPAM, 1);
        SpamFinding f = SpamDetector.observe(rebuilt, storm.get(1), SPAM, 1).orElseThrow();
        assertThat(f.consecutiveWindows()).isEqualTo(2);
        assertThat(f.newConnections10Min()).isEqualTo(200);
    }

    /** {@code hours} of 5-minute buckets at 2 connections a minute, 60 windows each. */
    private static List<SpamReplay.Bucket> twoPerMinute(int hours) {
        List<SpamReplay.Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < hours * 12; i++) {
            Instant s = T0.plus(Duration.ofMinutes(5L * i));
            buckets.add(new SpamReplay.Bucket(s, s.plus(Duration.ofMinutes(5)), 10, 60));
        }
        return buckets;
    }

    /** 40 a minute for two minutes from {@code after}: under the burst threshold (60). */
    private static List<SpamFinding> spikeAt(SpamGuestState state, Instant after) {
        return SmtpSeries.run(
                state,
                series(after, Duration.ofMinutes(1), 2, i -> new long[] {40, 3, 2, 0, 0}),
                SPAM,
                1);
    }

    @Test
    void theBaselineComesBackFromRollupsAndTheAnomalyRuleWithIt() {
        // A day and an hour of history: past the minimum history (24h).
        SpamGuestState state = SpamReplay.rebuild(twoPerMinute(25), List.of(), null, SPAM, 1);
        assertThat(state.baselinePerMinute())
                .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(state.baselineSamples()).isEqualTo(25 * 12 * 60);
        assertThat(state.baselineSince()).isEqualTo(T0);
        // 40 a minute: 20x the baseline, a finding that blocks nothing.
        List<SpamFinding> found = spikeAt(state, T0.plus(Duration.ofHours(25)));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).rules()).containsExactly(SpamRule.ANOMALY);
        assertThat(found.get(0).blocking()).isFalse();
        assertThat(found.get(0).baselinePerMinute())
                .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aBaselineRebuiltFromLessThanTheMinimumHistoryIsAColdStart() {
        // Two hours of rollups: the same baseline, but too short to judge the guest by.
        SpamGuestState state = SpamReplay.rebuild(twoPerMinute(2), List.of(), null, SPAM, 1);
        assertThat(state.baselinePerMinute())
                .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(spikeAt(state, T0.plus(Duration.ofHours(2)))).isEmpty();
    }

    @Test
    void aBucketThatWouldHaveFiredIsNotLearned() {
        Instant s = T0;
        List<SpamReplay.Bucket> buckets =
                List.of(
                        new SpamReplay.Bucket(s, s.plus(Duration.ofMinutes(5)), 10, 60),
                        // 200 a minute: the burst rule fired on these windows live
                        new SpamReplay.Bucket(
                                s.plus(Duration.ofMinutes(5)),
                                s.plus(Duration.ofMinutes(10)),
                                1000,
                                60),
                        new SpamReplay.Bucket(
                                s.plus(Duration.ofMinutes(10)),
                                s.plus(Duration.ofMinutes(15)),
                                10,
                                60));
        SpamGuestState state = SpamReplay.rebuild(buckets, List.of(), null, SPAM, 1);
        assertThat(state.baselinePerMinute())
                .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(state.baselineSamples()).isEqualTo(120);
    }
}

package dev.vpsguard.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.RecentDistinct;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.PolicyLoader;
import dev.vpsguard.server.policy.SpamPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which evidence blocks and which only raises a finding, under every shipped policy, on 5-second
 * windows as the agent sends them (with its 10-minute union of destinations): volume with every
 * mail accepted never blocks; failures, a spray into servers that do not answer, or a volume past
 * the ceiling do.
 */
class SpamEvidenceKindsTest {
    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    static final Duration STEP = Duration.ofSeconds(5);

    static Stream<ContractPolicy> policies() {
        return PolicyLoader.loadBundled().all().values().stream();
    }

    /**
     * {@code minutes} of 5-second windows at {@code perMinute} connections, {@code failEvery}-th
     * attempt unanswered (0: none), the agent's union growing by {@code newDestPerMinute}
     * destinations (a third as many networks) up to the 10-minute span.
     */
    static List<SmtpWindow> traffic(
            Instant from, int minutes, long perMinute, int failEvery, long newDestPerMinute) {
        List<SmtpWindow> out = new ArrayList<>();
        long sent = 0;
        int windows = minutes * 12;
        for (int i = 0; i < windows; i++) {
            Instant s = from.plus(STEP.multipliedBy(i));
            long upTo = perMinute * (i + 1) / 12;
            long conns = upTo - sent;
            long failed = failEvery == 0 ? 0 : upTo / failEvery - sent / failEvery;
            sent = upTo;
            long minutesHeld = Math.min(10, i / 12 + 1);
            long dest = newDestPerMinute * minutesHeld;
            SmtpWindow w =
                    new SmtpWindow(
                            s,
                            s.plus(STEP),
                            conns,
                            Math.min(conns, dest),
                            Math.min(conns, Math.max(1, dest / 3)),
                            failed,
                            0,
                            conns - failed,
                            null);
            out.add(w.withRecent(new RecentDistinct(from, dest, Math.max(1, dest / 3))));
        }
        return out;
    }

    static List<SpamFinding> run(List<SmtpWindow> ws, SpamPolicy p, double multiplier) {
        return SmtpSeries.run(new SpamGuestState(), ws, p, multiplier);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aNewsletterAt150AMinuteAllAcceptedIsNeverBlocked(ContractPolicy policy) {
        // Half an hour at 150 a minute to 40 new mail servers a minute (400 in 10 minutes, past
        // the fan-out thresholds), every mail accepted.
        List<SmtpWindow> letter = traffic(T0, 30, 150, 0, 40);
        List<SpamFinding> undeclared = run(letter, policy.spam(), 1);
        assertThat(undeclared).as("undeclared: a finding").isNotEmpty();
        assertThat(undeclared).noneMatch(SpamFinding::blocking);
        assertThat(undeclared.get(0).rules()).containsExactly(SpamRule.BURST);
        double declared = policy.declaredSenders().thresholdMultiplier();
        assertThat(run(letter, policy.spam(), declared)).as("declared: nothing").isEmpty();
        // A few dead addresses on the list (one in fifty) change nothing.
        assertThat(run(traffic(T0, 30, 150, 50, 40), policy.spam(), 1))
                .noneMatch(SpamFinding::blocking);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aBotWhoseEveryFifthAddressIsDeadIsBlockedByItsFanOut(ContractPolicy policy) {
        List<SpamFinding> found = run(traffic(T0, 3, 150, 5, 80), policy.spam(), 1);
        SpamFinding first = found.stream().filter(SpamFinding::blocking).findFirst().orElseThrow();
        assertThat(first.rules()).contains(SpamRule.FAN_OUT_DESTINATIONS);
        assertThat(first.failureRatio()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.02));
        // Blocked as soon as the spread passes the threshold (in its second minute), after the
        // hysteresis; before that its volume alone was only a finding.
        assertThat(first.windowEnd()).isBefore(T0.plus(Duration.ofMinutes(2)).plusSeconds(11));
        assertThat(found.subList(0, found.indexOf(first))).noneMatch(SpamFinding::blocking);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aLowAndSlowBotIsBlockedByItsFailures(ContractPolicy policy) {
        // 6 a minute, every second attempt unanswered, to few servers: no volume, no fan-out.
        List<SpamFinding> found = run(traffic(T0, 10, 6, 2, 2), policy.spam(), 1);
        assertThat(found).isNotEmpty().allMatch(SpamFinding::blocking);
        assertThat(found.get(0).rules()).containsExactly(SpamRule.FAILURE_RATIO);
        assertThat(found.get(0).newConnections10Min())
                .isGreaterThanOrEqualTo(policy.spam().failureRatio().minConnections());
        // A declared sender's failures count the same: bounces are answered sessions.
        double declared = policy.declaredSenders().thresholdMultiplier();
        assertThat(run(traffic(T0, 10, 6, 2, 2), policy.spam(), declared))
                .isNotEmpty()
                .allMatch(SpamFinding::blocking);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void volumeFarPastTheCeilingBlocksEvenWithEveryMailAccepted(ContractPolicy policy) {
        double ceiling = policy.spam().ceiling().newConnectionsPerMinute();
        List<SpamFinding> found =
                run(traffic(T0, 3, (long) (ceiling * 1.5), 0, 5), policy.spam(), 1);
        SpamFinding block = found.stream().filter(SpamFinding::blocking).findFirst().orElseThrow();
        assertThat(block.rules()).contains(SpamRule.CEILING, SpamRule.BURST);
        assertThat(block.clause()).isEqualTo(policy.spam().ceiling().clause());
        // Before the ceiling, the same traffic was a finding only.
        assertThat(found.get(0).blocking()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aNewGuestIsJudgedByAbsoluteThresholdsOnly(ContractPolicy policy) {
        // Cold start: 40 a minute after an hour of 1 a minute. 40x the baseline, under the burst
        // threshold: the anomaly rule waits for its minimum history, so nothing at all.
        SpamGuestState state = new SpamGuestState();
        assertThat(SmtpSeries.run(state, traffic(T0, 60, 1, 0, 1), policy.spam(), 1)).isEmpty();
        List<SmtpWindow> spike = traffic(T0.plus(Duration.ofHours(1)), 5, 40, 0, 3);
        assertThat(SmtpSeries.run(state, spike, policy.spam(), 1)).isEmpty();
        assertThat(state.baselineSince()).isEqualTo(T0);
    }
}

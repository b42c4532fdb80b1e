package dev.vpsguard.server.ladder;

import static dev.vpsguard.server.detect.LabSeries.concat;
import static dev.vpsguard.server.detect.LabSeries.quiet;
import static dev.vpsguard.server.detect.LabSeries.repeated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.detect.LabSeries;
import dev.vpsguard.server.detect.SpamDetector;
import dev.vpsguard.server.detect.SpamFinding;
import dev.vpsguard.server.detect.SpamGuestState;
import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.PolicyLoader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The window series the real agent recorded in the namespace lab, replayed through the detector and
 * the ladder under the default policy and every shipped contract: legitimate profiles never raise a
 * finding, the spam bot is blocked, a newsletter's volume alone is at most a finding that blocks
 * nothing, and a declared sender's raised thresholds are not an exemption.
 */
class LabSeriesReplayTest {
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

    /** Windows per hour at the lab's 8-second cadence. */
    static final int HOUR = 450;

    /** Windows per 10 minutes. */
    static final int TEN_MINUTES = 75;

    static Stream<ContractPolicy> policies() {
        return PolicyLoader.loadBundled().all().values().stream();
    }

    static Stream<Arguments> legitimateUnderEachPolicy() {
        return policies()
                .flatMap(
                        p ->
                                LabSeries.LEGITIMATE.stream()
                                        .map(profile -> Arguments.of(p, profile)));
    }

    /**
     * What one replay raised: every finding, the strikes of the blocks, and the window of the first
     * blocking finding (-1: none).
     */
    record Replay(List<SpamFinding> findings, List<Integer> strikes, int firstFindingWindow) {
        List<SpamFinding> blocking() {
            return findings.stream().filter(SpamFinding::blocking).toList();
        }
    }

    static Replay replay(List<SmtpWindow> windows, ContractPolicy policy, double multiplier) {
        SpamGuestState detector = new SpamGuestState();
        SmtpLadderState ladder = SmtpLadderState.empty("lab/101");
        List<SpamFinding> findings = new ArrayList<>();
        List<Integer> strikes = new ArrayList<>();
        int first = -1;
        for (int i = 0; i < windows.size(); i++) {
            SmtpWindow w = windows.get(i);
            var f = SpamDetector.observe(detector, w, policy.spam(), multiplier);
            // As the server routes them: volume alone never reaches the ladder.
            LadderEvent e =
                    f.filter(SpamFinding::blocking)
                            .<LadderEvent>map(x -> new LadderEvent.SpamDetected(w.end(), x))
                            .orElse(new LadderEvent.Tick(w.end()));
            LadderStep step = StrikeLadder.apply(ladder, e, policy.ladder());
            ladder = step.state();
            step.decisions().stream()
                    .filter(d -> d instanceof LadderDecision.StartSmtpBlock)
                    .forEach(d -> strikes.add(((LadderDecision.StartSmtpBlock) d).strike()));
            if (f.isPresent()) {
                findings.add(f.get());
                first = first < 0 && f.get().blocking() ? i : first;
            }
        }
        return new Replay(findings, strikes, first);
    }

    @ParameterizedTest(name = "{1} under {0}")
    @MethodSource("legitimateUnderEachPolicy")
    void aLegitimateRunAsRecordedBetweenQuietHoursRaisesNothing(
            ContractPolicy policy, String profile) {
        List<SmtpWindow> run = LabSeries.recorded(profile);
        // The baseline has learned an hour of silence first: the anomaly rule is armed.
        List<SmtpWindow> ws =
                concat(
                        quiet(T0, HOUR),
                        repeated(
                                profile,
                                T0.plus(LabSeries.CADENCE.multipliedBy(HOUR)),
                                run.size(),
                                1,
                                1,
                                false),
                        quiet(T0.plus(LabSeries.CADENCE.multipliedBy(HOUR + run.size())), HOUR));
        Replay r = replay(ws, policy, 1);
        assertThat(r.findings()).isEmpty();
        assertThat(r.strikes()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aBusySmallMailServerRunningADayRaisesNothing(ContractPolicy policy) {
        // The recorded run (3 messages to 2 addresses) in every 8-second window for 24 hours.
        Replay r = replay(repeated("legitimate-mail-server", T0, 1, 24 * HOUR, 1, true), policy, 1);
        assertThat(r.findings()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aNewsletterEveryTenMinutesForADayRaisesNothing(ContractPolicy policy) {
        Replay r = replay(repeated("newsletter", T0, TEN_MINUTES, 144, 1, true), policy, 1);
        assertThat(r.findings()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aGuestWithoutSmtpForAnHourRaisesNothing(ContractPolicy policy) {
        Replay r = replay(repeated("no-SMTP", T0, 1, HOUR, 1, true), policy, 1);
        assertThat(r.findings()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void theSpamBotIsFoundAfterTheHysteresisAndMakesOneStrike(ContractPolicy policy) {
        int runWindows = LabSeries.recorded(LabSeries.SPAM_BOT).size();
        for (boolean union : new boolean[] {true, false}) {
            // The recorded run again and again for 10 minutes.
            List<SmtpWindow> bot =
                    repeated(
                            LabSeries.SPAM_BOT, T0, runWindows, TEN_MINUTES / runWindows, 1, union);
            Replay r =
                    replay(
                            concat(
                                    quiet(T0.minus(LabSeries.CADENCE.multipliedBy(HOUR)), HOUR),
                                    bot),
                            policy,
                            1);
            assertThat(r.blocking()).as("union %s", union).isNotEmpty();
            // Its first run fails a quarter of its attempts (at the maximum, not above), so it is
            // found on its third run: the failure ratio past 25% on two runs in a row.
            assertThat(r.firstFindingWindow() - HOUR).isEqualTo(2 * runWindows);
            assertThat(r.blocking().get(0).rules())
                    .contains(dev.vpsguard.server.detect.SpamRule.FAILURE_RATIO);
            assertThat(r.strikes()).containsExactly(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aDeclaredSenderHasRaisedVolumeThresholdsButItsFailuresCountTheSame(ContractPolicy policy) {
        double declared = policy.declaredSenders().thresholdMultiplier();
        assertThat(declared).isGreaterThan(1);
        int runWindows = LabSeries.recorded(LabSeries.SPAM_BOT).size();
        int times = TEN_MINUTES / runWindows;
        // The recorded bot (a third of its attempts failing) is blocked, declared or not: a
        // failure ratio is not a volume, and bulk mail's bounces are answered sessions.
        List<SmtpWindow> asRecorded = repeated(LabSeries.SPAM_BOT, T0, runWindows, times, 1, true);
        assertThat(replay(asRecorded, policy, 1).strikes()).containsExactly(1);
        Replay declaredBot = replay(asRecorded, policy, declared);
        assertThat(declaredBot.strikes()).containsExactly(1);
        assertThat(declaredBot.blocking().get(0).thresholdMultiplier()).isEqualTo(declared);
        // A newsletter in every window (225 a minute, all accepted): a finding only for an
        // undeclared guest, nothing at all for a declared one.
        List<SmtpWindow> letters = repeated("newsletter", T0, 1, HOUR, 1, true);
        Replay undeclared = replay(letters, policy, 1);
        assertThat(undeclared.strikes()).isEmpty();
        assertThat(undeclared.findings()).isNotEmpty().noneMatch(SpamFinding::blocking);
        assertThat(replay(letters, policy, declared).findings()).isEmpty();
    }
}

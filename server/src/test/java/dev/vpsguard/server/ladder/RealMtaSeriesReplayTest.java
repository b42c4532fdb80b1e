package dev.vpsguard.server.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.detect.LabSeries;
import dev.vpsguard.server.policy.ContractPolicy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The windows the real agent reported while Debian's Postfix and Exim (and bots) sent mail in the
 * namespace lab ({@code src/test/resources/lab-windows/real-mta/}, recorded by the agent module's
 * {@code RealMtaSeriesRecorderTest}), replayed as recorded, after an hour of silence, through the
 * detector and the ladder under every shipped policy: no legitimate mail server makes a strike,
 * every bot does. The declared newsletter is replayed with the policy's declared-sender multiplier.
 */
class RealMtaSeriesReplayTest {
    static final List<String> LEGITIMATE =
            List.of(
                    "declared-newsletter",
                    "undeclared-newsletter",
                    "web-shop",
                    "small-office",
                    "mailing-list",
                    "smarthost");
    static final List<String> BOTS =
            List.of("fast-bot", "low-and-slow-bot", "compromised-webapp", "ipv6-only-bot");

    static List<SmtpWindow> recorded(String profile) {
        return LabSeries.recorded("real-mta/" + profile);
    }

    /** The run as recorded, after an hour of quiet windows ending where it starts. */
    static List<SmtpWindow> afterAQuietHour(String profile) {
        List<SmtpWindow> run = recorded(profile);
        int n = LabSeriesReplayTest.HOUR;
        return LabSeries.concat(
                LabSeries.quiet(run.get(0).start().minus(LabSeries.CADENCE.multipliedBy(n)), n),
                run);
    }

    static Stream<Arguments> each(List<String> profiles) {
        return LabSeriesReplayTest.policies()
                .flatMap(p -> profiles.stream().map(name -> Arguments.of(p, name)));
    }

    static Stream<Arguments> legitimate() {
        return each(LEGITIMATE);
    }

    static Stream<Arguments> bots() {
        return each(BOTS);
    }

    static double multiplier(ContractPolicy policy, String profile) {
        return profile.startsWith("declared") ? policy.declaredSenders().thresholdMultiplier() : 1;
    }

    /** The first finding in a person's words: rules and the counts behind them. */
    static String summary(LabSeriesReplayTest.Replay r) {
        if (r.findings().isEmpty()) {
            return "no finding";
        }
        var f = r.blocking().isEmpty() ? r.findings().get(0) : r.blocking().get(0);
        return String.format(
                java.util.Locale.ROOT,
                "%d findings (%d blocking), the first blocking (else first) by %s at %.0f connections/min, %.0f in 10 min, failure"
                        + " ratio %.2f, baseline %.2f/min",
                r.findings().size(),
                r.blocking().size(),
                f.rules(),
                f.connectionsPerMinute(),
                f.newConnections10Min(),
                f.failureRatio(),
                f.baselinePerMinute());
    }

    @ParameterizedTest(name = "{1} under {0}")
    @MethodSource("legitimate")
    void aRealMailServerMakesNoStrike(ContractPolicy policy, String profile) {
        LabSeriesReplayTest.Replay r =
                LabSeriesReplayTest.replay(
                        afterAQuietHour(profile), policy, multiplier(policy, profile));
        assertThat(r.strikes())
                .as("%s under %s: %s", profile, policy.contract(), summary(r))
                .isEmpty();
    }

    @ParameterizedTest(name = "{1} under {0}")
    @MethodSource("bots")
    void aBotMakesAStrikeWithinItsRun(ContractPolicy policy, String profile) {
        List<SmtpWindow> run = afterAQuietHour(profile);
        LabSeriesReplayTest.Replay r = LabSeriesReplayTest.replay(run, policy, 1);
        assertThat(r.strikes()).as("%s under %s", profile, policy.contract()).containsExactly(1);
        assertThat(r.firstFindingWindow())
                .as("found in the run, not in the quiet hour")
                .isGreaterThanOrEqualTo(LabSeriesReplayTest.HOUR);
    }
}

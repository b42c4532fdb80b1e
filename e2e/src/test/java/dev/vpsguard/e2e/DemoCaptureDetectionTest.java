package dev.vpsguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.smtp.ConntrackEventParser;
import dev.vpsguard.agent.smtp.ConntrackReplay;
import dev.vpsguard.agent.smtp.ReplayCapture;
import dev.vpsguard.agent.smtp.ReplayedObservation;
import dev.vpsguard.agent.smtp.SmtpWindows;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.detect.SpamDetector;
import dev.vpsguard.server.detect.SpamFinding;
import dev.vpsguard.server.detect.SpamGuestState;
import dev.vpsguard.server.detect.SpamRule;
import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.PolicyLoader;
import dev.vpsguard.server.policy.PolicySet;
import dev.vpsguard.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo capture ({@code smtp.replay.file: "builtin:demo"}) against the server's bundled default
 * policy: three passes, 60 s apart, replayed by the agent's {@link ConntrackReplay} through its
 * observer and aggregator into 5 s windows (the demo's interval), each window judged by the
 * server's {@link SpamDetector}. Only the spam bot (vmid 101) may be flagged, in every pass, by the
 * burst and failure-ratio rules; the small mail server (102) and the newsletter (200) never. Runs
 * in virtual time (a test clock): about 13 minutes of traffic in a few seconds.
 */
class DemoCaptureDetectionTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration GAP = Duration.ofSeconds(60);
    private static final int PASSES = 3;

    private final MutableClock clock = new MutableClock(T0);
    private ConntrackReplay replay;

    @AfterEach
    void close() {
        if (replay != null) {
            replay.close();
        }
    }

    @Test
    void onlyTheSpamBotIsFlaggedAndInEveryPass() throws Exception {
        ContractPolicy policy =
                PolicyLoader.loadBundled().contract(PolicySet.DEFAULT).orElseThrow();
        ReplayCapture capture = ReplayCapture.load(ReplayCapture.BUILTIN_DEMO);
        replay =
                new ConntrackReplay(
                        capture,
                        new ConntrackReplay.Settings(true, GAP, 1),
                        1,
                        clock,
                        clock::advance,
                        line -> {});
        ReplayedObservation observation =
                new ReplayedObservation(ReplayedObservation.DEMO_GUESTS, T0);
        Map<Integer, SpamGuestState> states = new HashMap<>();
        Map<Integer, List<Judged>> findings = new HashMap<>();
        Instant windowEnd = T0.plus(INTERVAL);
        replay.start();
        for (int i = 0; i < PASSES * capture.size(); i++) {
            String line = replay.poll(5, TimeUnit.SECONDS);
            assertThat(line).isNotNull();
            Instant at = ConntrackEventParser.parse(line).timestamp();
            while (!at.isBefore(windowEnd)) {
                judge(observation.closeWindow(windowEnd), states, policy, findings);
                windowEnd = windowEnd.plus(INTERVAL);
            }
            observation.feed(line);
        }
        judge(observation.closeWindow(windowEnd), states, policy, findings);

        assertThat(findings).containsOnlyKeys(101);
        Duration pass = capture.length().plus(GAP);
        for (int p = 0; p < PASSES; p++) {
            Instant from = T0.plus(pass.multipliedBy(p));
            Instant to = from.plus(capture.length());
            List<Judged> inPass =
                    findings.get(101).stream()
                            .filter(j -> !j.at.isBefore(from) && !j.at.isAfter(to))
                            .toList();
            assertThat(inPass).as("findings in pass %d", p + 1).isNotEmpty();
            assertThat(Duration.between(from, inPass.get(0).at))
                    .as("the spam bot, from 15 s, is flagged within a minute of the pass start")
                    .isLessThan(Duration.ofSeconds(60));
            EnumSet<SpamRule> rules = EnumSet.noneOf(SpamRule.class);
            inPass.forEach(j -> rules.addAll(j.finding.rules()));
            // Two thirds of the bot's connections fail, and the agent knows it within seconds:
            // refusals at once, unanswered SYNs at its 5 s answer deadline (no longer at the
            // kernel's 120 s SYN_SENT timeout, after the burst was over): from the first pass on.
            assertThat(rules)
                    .as("rules in pass %d", p + 1)
                    .contains(SpamRule.BURST, SpamRule.FAILURE_RATIO);
        }
    }

    private static void judge(
            SmtpWindows windows,
            Map<Integer, SpamGuestState> states,
            ContractPolicy policy,
            Map<Integer, List<Judged>> findings) {
        assertThat(windows.unattributed().newConnections()).isZero();
        for (Map.Entry<Integer, SmtpWindow> w : windows.byGuest().entrySet()) {
            Optional<SpamFinding> f =
                    SpamDetector.observe(
                            states.computeIfAbsent(w.getKey(), v -> new SpamGuestState()),
                            w.getValue(),
                            policy.spam(),
                            1.0);
            f.ifPresent(
                    finding ->
                            findings.computeIfAbsent(w.getKey(), v -> new ArrayList<>())
                                    .add(new Judged(w.getValue().end(), finding)));
        }
    }

    private record Judged(Instant at, SpamFinding finding) {}
}

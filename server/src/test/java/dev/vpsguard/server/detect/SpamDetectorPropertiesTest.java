package dev.vpsguard.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.policy.PolicyDefaults;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Arbitrary window series, including overlapping and out-of-order windows. (Malformed windows
 * cannot be built: the protocol's constructor refuses them.)
 */
class SpamDetectorPropertiesTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Provide
    Arbitrary<List<SmtpWindow>> series() {
        Arbitrary<Long> count = Arbitraries.longs().between(0, 3000);
        Arbitrary<SmtpWindow> w =
                Combinators.combine(
                                Arbitraries.longs().between(-60, 900),
                                Arbitraries.longs().between(0, 900),
                                count,
                                count,
                                count,
                                count,
                                count)
                        .as(
                                (start, len, c, d, p, u, r) -> {
                                    Instant s = T0.plusSeconds(start);
                                    return new SmtpWindow(
                                            s,
                                            s.plusSeconds(len),
                                            c,
                                            d,
                                            Math.min(p, d),
                                            u,
                                            r,
                                            0,
                                            null);
                                });
        return Arbitraries.longs()
                .between(0, 600)
                .flatMap(step -> w.list().ofMaxSize(80).map(ws -> shift(ws, step)));
    }

    /** Moves window i forward by i × step seconds, so series mostly advance in time. */
    static List<SmtpWindow> shift(List<SmtpWindow> ws, long step) {
        return java.util.stream.IntStream.range(0, ws.size())
                .mapToObj(
                        i -> {
                            SmtpWindow x = ws.get(i);
                            return new SmtpWindow(
                                    x.start().plusSeconds(i * step),
                                    x.end().plusSeconds(i * step),
                                    x.newConnections(),
                                    x.distinctDestinations(),
                                    x.distinctPrefixes(),
                                    x.unreplied(),
                                    x.resetOrRefused(),
                                    x.established(),
                                    null);
                        })
                .toList();
    }

    @Property(tries = 500)
    void findingsAreConsistentAndNothingElseEscapes(@ForAll("series") List<SmtpWindow> ws) {
        var state = new SpamGuestState();
        for (SmtpWindow w : ws) {
            var f = SpamDetector.observe(state, w, PolicyDefaults.SPAM, 1);
            if (f.isPresent()) {
                SpamFinding x = f.get();
                assertThat(x.rules()).isNotEmpty();
                assertThat(x.score()).isGreaterThan(1);
                assertThat(x.windowEnd()).isEqualTo(w.end());
                assertThat(x.windowStart()).isBefore(x.windowEnd());
                assertThat(x.failureRatio()).isBetween(0.0, 1.0);
                assertThat(x.consecutiveWindows())
                        .isGreaterThanOrEqualTo(PolicyDefaults.SPAM.consecutiveWindows());
                assertThat(x.newConnections10Min())
                        .isGreaterThanOrEqualTo(PolicyDefaults.SPAM.minNewConnections() - 1e-6);
            }
            assertThat(state.baselinePerMinute()).isFinite().isGreaterThanOrEqualTo(0);
        }
    }

    /**
     * Volume alone never blocks below the ceiling: in a series where every attempt was answered,
     * whatever the fan-out, a finding blocks only with the ceiling rule, past the ceiling.
     */
    @Property(tries = 500)
    void everyAttemptAnsweredBlocksOnlyPastTheCeiling(@ForAll("series") List<SmtpWindow> ws) {
        var state = new SpamGuestState();
        double ceiling = PolicyDefaults.SPAM.ceiling().newConnectionsPerMinute();
        for (SmtpWindow w : ws) {
            SmtpWindow answered =
                    new SmtpWindow(
                            w.start(),
                            w.end(),
                            w.newConnections(),
                            w.distinctDestinations(),
                            w.distinctPrefixes(),
                            0,
                            0,
                            w.newConnections(),
                            null);
            var f = SpamDetector.observe(state, answered, PolicyDefaults.SPAM, 1);
            if (f.isPresent()) {
                SpamFinding x = f.get();
                assertThat(x.rules())
                        .as(x.toString())
                        .doesNotContain(
                                SpamRule.FAILURE_RATIO,
                                SpamRule.FAN_OUT_DESTINATIONS,
                                SpamRule.FAN_OUT_PREFIXES);
                if (x.blocking()) {
                    assertThat(x.rules()).contains(SpamRule.CEILING);
                    assertThat(x.connectionsPerMinute()).isGreaterThan(ceiling);
                }
            }
        }
    }

    /** A blocking finding always rests on blocking evidence held for the hysteresis. */
    @Property(tries = 500)
    void aBlockingFindingRestsOnBlockingRules(@ForAll("series") List<SmtpWindow> ws) {
        var state = new SpamGuestState();
        for (SmtpWindow w : ws) {
            var f = SpamDetector.observe(state, w, PolicyDefaults.SPAM, 1);
            if (f.isPresent() && f.get().blocking()) {
                assertThat(f.get().rules()).anyMatch(SpamRule::blocks);
                assertThat(f.get().consecutiveWindows())
                        .isGreaterThanOrEqualTo(PolicyDefaults.SPAM.consecutiveWindows());
            }
        }
    }
}

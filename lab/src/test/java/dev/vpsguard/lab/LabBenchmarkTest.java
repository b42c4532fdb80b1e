package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How many new SMTP connections per second a guest can make in the lab, and whether {@code
 * conntrack -E} in {@code hv} keeps up (a figure for BENCHMARKS.md). Bounded: at most 50,000
 * connections and 10 s. Skipped unless {@code -Dvpsguard.bench=true}:
 *
 * <pre>
 * mvn -B -o -q -pl agent -am test -Dtest=LabBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dvpsguard.bench=true
 * </pre>
 *
 * The figures are printed as one {@code LAB-BENCHMARK} line on stdout.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(
        named = "vpsguard.bench",
        matches = "true",
        disabledReason = "benchmark skipped: run with -Dvpsguard.bench=true")
class LabBenchmarkTest {
    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(() -> Lab.builder().guestInSubnet(101).mx(30, 0, 0));

    @Test
    void maximumNewSmtpConnectionRateWithTheAgentsConntrackCommand(Lab lab) {
        measure(lab, "default", List.of());
    }

    @Test
    void maximumNewSmtpConnectionRateWithNewAndDestroyEventsOnlyAndALargeBuffer(Lab lab) {
        measure(lab, "-e NEW,DESTROY -b 16MiB", List.of("-e", "NEW,DESTROY", "-b", "16777216"));
    }

    private static void measure(Lab lab, String variant, List<String> conntrackOptions) {
        List<TrafficPlan.Step> steps = new ArrayList<>();
        List<String> mx = lab.mx().accepting();
        for (int i = 0; i < TrafficPlan.MAX_CONNECTIONS; i++) {
            steps.add(new TrafficPlan.Connect(mx.get(i % mx.size()), 25));
        }
        TrafficPlan plan = new TrafficPlan(steps);
        TrafficProfile flood =
                new TrafficProfile(
                        "max rate",
                        TrafficProfile.Client.GENERATOR,
                        plan,
                        "connect",
                        0,
                        64,
                        GroundTruth.of(plan, lab.mx()));
        try (LabSink sink = LabSink.start(lab);
                LabConntrack conntrack = LabConntrack.start(lab, conntrackOptions)) {
            GeneratorResult r = ProfileRunner.run(lab, lab.inSubnetGuest(), flood, 10);
            String guest = lab.inSubnetGuest().address();
            long seen = awaitQuiet(conntrack, guest);
            long overflows = conntrack.lines().stream().filter(l -> l.contains("ENOBUFS")).count();
            long accepted = sink.counts().smtpConnections();
            System.out.printf(
                    "LAB-BENCHMARK conntrack=[%s] attempted=%d accepted=%d sinkAccepted=%d elapsedMillis=%d"
                            + " connectionsPerSecond=%.0f conntrackNewEvents=%d coverage=%.4f"
                            + " enobufsLines=%d%n",
                    variant,
                    r.attempted(),
                    r.accepted(),
                    accepted,
                    r.elapsedMillis(),
                    r.connectionsPerSecond(),
                    seen,
                    r.attempted() == 0 ? 0.0 : (double) seen / r.attempted(),
                    overflows);
            assertThat(r.attempted()).isPositive();
            assertThat(seen).isLessThanOrEqualTo(r.attempted());
            assertThat(accepted).isEqualTo(r.accepted());
        }
    }

    /** Polls until the NEW count stops growing for 1 s (conntrack may still be draining). */
    private static long awaitQuiet(LabConntrack conntrack, String guest) {
        long[] last = {-1};
        long[] stableSince = {System.nanoTime()};
        LabPoll.until(
                java.time.Duration.ofSeconds(30),
                () -> {
                    long n = conntrack.newEventsFrom(guest).size();
                    if (n != last[0]) {
                        last[0] = n;
                        stableSince[0] = System.nanoTime();
                        return false;
                    }
                    return System.nanoTime() - stableSince[0] > 1_000_000_000L;
                },
                () -> "conntrack output to settle");
        return last[0];
    }
}

package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.SmtpWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An SMTP storm against the real agent in the lab (issue 3's figures): a guest opens and closes
 * connections to port 25 at a fixed rate for 10 s while the agent observes. Per rate it records the
 * CPU time the agent's JVM and its {@code conntrack -E} children used over the storm (utime + stime
 * from {@code /proc/<pid>/stat}), the connections the agent counted against those the generator
 * made, and the ENOBUFS overruns. Skipped unless {@code -Dvpsguard.bench=true}:
 *
 * <pre>
 * mvn -B -o -q -pl agent -am test -Dtest=AgentSmtpStormBenchmarkTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dvpsguard.bench=true
 * </pre>
 *
 * One {@code STORM-BENCHMARK} line per rate on stdout.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(
        named = "vpsguard.bench",
        matches = "true",
        disabledReason = "benchmark skipped: run with -Dvpsguard.bench=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class AgentSmtpStormBenchmarkTest {
    private static final long CLK_TCK = 100; // getconf CLK_TCK on Linux x86-64 and arm64

    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(() -> Lab.builder().guestInSubnet(101).mx(30, 0, 0));

    private Lab lab;
    private LabAgent agent;
    private LabSink sink;

    @BeforeAll
    void start(Lab lab) {
        this.lab = lab;
        sink = LabSink.start(lab);
        agent = LabAgent.startObserving(lab, "smtp:\n  enabled: true\n", 1);
    }

    @AfterAll
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    /** Agent CPU ticks per second with no traffic (its 1 s report cycle and sampling). */
    private double idleTicksPerSecond;

    @Test
    void a0IdleBaseline() throws InterruptedException {
        long t0 = ticks(agent.agent().pid());
        long n0 = System.nanoTime();
        Thread.sleep(15_000);
        double seconds = (System.nanoTime() - n0) / 1e9;
        idleTicksPerSecond = (ticks(agent.agent().pid()) - t0) / seconds;
        System.out.printf(
                Locale.ROOT,
                "STORM-BENCHMARK idle agentCpuSecondsPerSecond=%.4f%n",
                idleTicksPerSecond / CLK_TCK);
    }

    @Test
    void a2000PerSecond() {
        storm(2000);
    }

    @Test
    void b4000PerSecond() {
        storm(4000);
    }

    @Test
    void c8000PerSecond() {
        storm(8000);
    }

    @Test
    void dAsFastAsTheLabCan() {
        storm(0);
    }

    private void storm(int rate) {
        int seconds = 10;
        int connections =
                rate == 0
                        ? TrafficPlan.MAX_CONNECTIONS
                        : Math.min(TrafficPlan.MAX_CONNECTIONS, rate * seconds);
        List<TrafficPlan.Step> steps = new ArrayList<>();
        List<String> mx = lab.mx().accepting();
        for (int i = 0; i < connections; i++) {
            steps.add(new TrafficPlan.Connect(mx.get(i % mx.size()), 25));
        }
        TrafficPlan plan = new TrafficPlan(steps);
        TrafficProfile storm =
                new TrafficProfile(
                        "storm",
                        TrafficProfile.Client.GENERATOR,
                        plan,
                        "connect",
                        rate,
                        64,
                        GroundTruth.of(plan, lab.mx()));
        long counted0 = counted();
        long overruns0 = overruns();
        long agentTicks0 = ticks(agent.agent().pid());
        long conntrackTicks0 = conntrackTicks();
        java.util.Map<String, Long> threads0 = threadTicks(agent.agent().pid());
        long n0 = System.nanoTime();
        GeneratorResult r = ProfileRunner.run(lab, lab.guest(101), storm, seconds);
        long counted = awaitQuiet(counted0);
        long agentTicks = ticks(agent.agent().pid()) - agentTicks0;
        long conntrackTicks = conntrackTicks() - conntrackTicks0;
        long overruns = overruns() - overruns0;
        double measured = (System.nanoTime() - n0) / 1e9;
        double aboveIdle = agentTicks - idleTicksPerSecond * measured;
        System.out.printf(
                Locale.ROOT,
                "STORM-BENCHMARK rate=%s attempted=%d elapsedMillis=%d connectionsPerSecond=%.0f"
                        + " agentCounted=%d missed=%d overruns=%d agentCpuSeconds=%.2f"
                        + " conntrackCpuSeconds=%.2f agentOverConntrack=%.3f"
                        + " agentAboveIdleCpuSeconds=%.2f aboveIdleOverConntrack=%.3f"
                        + " measuredSeconds=%.1f%n",
                rate == 0 ? "max" : Integer.toString(rate),
                r.attempted(),
                r.elapsedMillis(),
                r.connectionsPerSecond(),
                counted,
                r.attempted() - counted,
                overruns,
                agentTicks / (double) CLK_TCK,
                conntrackTicks / (double) CLK_TCK,
                conntrackTicks == 0 ? 0.0 : agentTicks / (double) conntrackTicks,
                aboveIdle / CLK_TCK,
                conntrackTicks == 0 ? 0.0 : aboveIdle / conntrackTicks,
                measured);
        java.util.Map<String, Long> threads = threadTicks(agent.agent().pid());
        threads.replaceAll((k, v) -> v - threads0.getOrDefault(k, 0L));
        System.out.println(
                "STORM-BENCHMARK threads "
                        + threads.entrySet().stream()
                                .filter(e -> e.getValue() > 0)
                                .sorted(
                                        java.util.Map.Entry.<String, Long>comparingByValue()
                                                .reversed())
                                .map(e -> e.getKey() + "=" + e.getValue() / (double) CLK_TCK + "s")
                                .toList());
        assertThat(r.attempted()).isPositive();
        assertThat(counted).isLessThanOrEqualTo(r.attempted());
    }

    /** New connections of guest 101 in every report so far. */
    private long counted() {
        long n = 0;
        for (Report report : agent.reports()) {
            for (GuestSample g : report.guests()) {
                SmtpWindow w = g.smtp();
                if (g.vmid() == 101 && w != null) {
                    n += w.newConnections();
                }
            }
        }
        return n;
    }

    /** Waits until the agent's count stops growing for 3 s; returns what it counted since. */
    private long awaitQuiet(long before) {
        long[] last = {-1};
        long[] stableSince = {System.nanoTime()};
        LabPoll.until(
                Duration.ofSeconds(60),
                () -> {
                    long n = counted();
                    if (n != last[0]) {
                        last[0] = n;
                        stableSince[0] = System.nanoTime();
                        return false;
                    }
                    return System.nanoTime() - stableSince[0] > 3_000_000_000L;
                },
                () -> "the agent's counts to settle");
        return last[0] - before;
    }

    private long overruns() {
        ExecResult r =
                lab.exec(
                        lab.hv(),
                        "curl",
                        "-sf",
                        "http://127.0.0.1:" + LabAgent.METRICS_PORT + "/metrics");
        for (String line : r.output().split("\n")) {
            if (line.startsWith("vpsguard_agent_conntrack_overruns_total ")) {
                return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).strip());
            }
        }
        return -1;
    }

    private long conntrackTicks() {
        return agent.conntrackChildren().stream().mapToLong(c -> ticks(c.pid())).sum();
    }

    /** utime + stime per thread name of {@code pid}, in clock ticks. */
    private static java.util.Map<String, Long> threadTicks(long pid) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // thread ended
                }
            }
        } catch (IOException e) {
            // process ended
        }
        return out;
    }

    /** utime + stime of {@code pid}, in clock ticks. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

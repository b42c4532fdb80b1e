package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.SmtpWindow;
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
 * An SMTP storm against the real agent in the lab: a guest opens and closes connections to port 25
 * at a fixed rate for 10 s while the agent observes (the kernel counts; the agent reads its sets
 * through one {@code nft -j -i} child). Beside it, in the same run, the four {@code conntrack -E}
 * commands the agent used to run read the same storm alone. Per rate it records the CPU time (utime
 * + stime from {@code /proc/<pid>/stat}) of the agent's JVM plus its nft child, and of the
 * conntrack commands, and the connections the agent counted against those the generator made. Last,
 * {@code nmap} scans 20,000 ports of one address as fast as it can, and the agent's CPU over it is
 * recorded. Skipped unless {@code -Dvpsguard.bench=true}:
 *
 * <pre>
 * mvn -B -o -q -pl agent -am test -Dtest=AgentSmtpStormBenchmarkTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dvpsguard.bench=true
 * </pre>
 *
 * One {@code STORM-BENCHMARK} line per rate on stdout. The agent reports at the shipped 5 s
 * interval; {@code -Dvpsguard.bench.intervalSeconds=1} runs it as the first measurements did.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(
        named = "vpsguard.bench",
        matches = "true",
        disabledReason = "benchmark skipped: run with -Dvpsguard.bench=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class AgentSmtpStormBenchmarkTest {
    private static final long CLK_TCK = ProcCpu.CLK_TCK;

    /** The agent's report interval: the shipped 5 s unless asked otherwise. */
    private static final int INTERVAL_SECONDS =
            Integer.getInteger("vpsguard.bench.intervalSeconds", 5);

    /** Counts are settled when they did not move over two report cycles and a second. */
    private static final long QUIET_NANOS = (2L * INTERVAL_SECONDS + 1) * 1_000_000_000L;

    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(() -> Lab.builder().guestInSubnet(101).mx(30, 0, 0));

    private Lab lab;
    private LabAgent agent;
    private LabSink sink;

    /** {@code conntrack -E} alone, as the agent ran it before the kernel counted. */
    private ConntrackAlone conntrack;

    @BeforeAll
    void start(Lab lab) {
        this.lab = lab;
        sink = LabSink.start(lab);
        agent = LabAgent.startObserving(lab, "smtp:\n  enabled: true\n", INTERVAL_SECONDS);
        conntrack = new ConntrackAlone(lab);
    }

    @AfterAll
    void stop() {
        if (conntrack != null) {
            conntrack.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    /** Agent CPU ticks per second with no traffic (its report cycle and sampling). */
    private double idleTicksPerSecond;

    @Test
    void a0IdleBaseline() throws InterruptedException {
        long t0 = ConntrackAlone.agentTicks(agent);
        long n0 = System.nanoTime();
        Thread.sleep(3_000L * INTERVAL_SECONDS + 12_000);
        double seconds = (System.nanoTime() - n0) / 1e9;
        idleTicksPerSecond = (ConntrackAlone.agentTicks(agent) - t0) / seconds;
        System.out.printf(
                Locale.ROOT,
                "STORM-BENCHMARK idle intervalSeconds=%d agentCpuSecondsPerSecond=%.4f%n",
                INTERVAL_SECONDS,
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

    @Test
    void eAnNmapScanOfEveryPortAsFastAsItGoes() {
        long agentTicks0 = ConntrackAlone.agentTicks(agent);
        long flows0 = totalFlows();
        long n0 = System.nanoTime();
        ExecResult r =
                lab.exec(
                        lab.guest(101).namespace(),
                        LabPrerequisites.tool("nmap"),
                        "-n",
                        "-Pn",
                        "-sS",
                        "--max-retries",
                        "0",
                        "--min-rate",
                        "100000",
                        "-p",
                        "1-20000",
                        lab.mx().accepting().get(0));
        double scanSeconds = (System.nanoTime() - n0) / 1e9;
        long flows = awaitQuietFlows(flows0 + 20_000) - flows0;
        double measured = (System.nanoTime() - n0) / 1e9;
        long agentTicks = ConntrackAlone.agentTicks(agent) - agentTicks0;
        System.out.printf(
                Locale.ROOT,
                "STORM-BENCHMARK nmap ports=20000 scanSeconds=%.1f probesPerSecond=%.0f"
                        + " flowsCounted=%d agentCpuSeconds=%.2f agentAboveIdleCpuSeconds=%.2f"
                        + " measuredSeconds=%.1f%n",
                scanSeconds,
                20000 / scanSeconds,
                flows,
                agentTicks / (double) CLK_TCK,
                (agentTicks - idleTicksPerSecond * measured) / CLK_TCK,
                measured);
        agent.agent()
                .output()
                .lines()
                .filter(l -> l.contains("WARN") || l.contains("ERROR"))
                .filter(l -> !l.contains("GuestCounterReader"))
                .forEach(l -> System.out.println("STORM-BENCHMARK agent-log " + l));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(flows).isPositive();
    }

    /** Guest 101's new flows of every protocol over all reports so far. */
    private long totalFlows() {
        long n = 0;
        for (Report report : agent.reports()) {
            for (GuestSample g : report.guests()) {
                if (g.vmid() == 101 && g.flows() != null) {
                    n += g.flows().newFlows();
                }
            }
        }
        return n;
    }

    /**
     * Waits until guest 101's new flows reach {@code enough}, or stop growing over two report
     * cycles; returns their total.
     */
    private long awaitQuietFlows(long enough) {
        long[] last = {-1};
        long[] stableSince = {System.nanoTime()};
        LabPoll.until(
                Duration.ofSeconds(60),
                () -> {
                    long n = totalFlows();
                    if (n != last[0]) {
                        last[0] = n;
                        stableSince[0] = System.nanoTime();
                        return n >= enough;
                    }
                    return System.nanoTime() - stableSince[0] > QUIET_NANOS;
                },
                () -> "the agent's flow counts to settle");
        return last[0];
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
        long overruns0 = conntrack.overruns();
        long agentTicks0 = ConntrackAlone.agentTicks(agent);
        long conntrackTicks0 = conntrack.ticks();
        java.util.Map<String, Long> threads0 = ProcCpu.threadTicks(agent.agent().pid());
        long n0 = System.nanoTime();
        GeneratorResult r = ProfileRunner.run(lab, lab.guest(101), storm, seconds);
        long counted = awaitQuiet(counted0, r.attempted());
        long agentTicks = ConntrackAlone.agentTicks(agent) - agentTicks0;
        long conntrackTicks = conntrack.ticks() - conntrackTicks0;
        long overruns = conntrack.overruns() - overruns0;
        double measured = (System.nanoTime() - n0) / 1e9;
        double aboveIdle = agentTicks - idleTicksPerSecond * measured;
        System.out.printf(
                Locale.ROOT,
                "STORM-BENCHMARK rate=%s attempted=%d elapsedMillis=%d connectionsPerSecond=%.0f"
                        + " agentCounted=%d missed=%d overruns=%d agentCpuSeconds=%.2f"
                        + " conntrackCpuSeconds=%.2f agentOverConntrack=%.3f"
                        + " agentAboveIdleCpuSeconds=%.2f aboveIdleOverConntrack=%.3f"
                        + " measuredSeconds=%.1f intervalSeconds=%d%n",
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
                measured,
                INTERVAL_SECONDS);
        System.out.println(
                "STORM-BENCHMARK threads " + ProcCpu.busiest(agent.agent().pid(), threads0));
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

    /**
     * Waits until the agent counted all {@code attempted} connections since {@code before}, or its
     * count stops growing over two report cycles; returns what it counted since.
     */
    private long awaitQuiet(long before, long attempted) {
        long[] last = {-1};
        long[] stableSince = {System.nanoTime()};
        LabPoll.until(
                Duration.ofSeconds(60),
                () -> {
                    long n = counted();
                    if (n != last[0]) {
                        last[0] = n;
                        stableSince[0] = System.nanoTime();
                        return n - before >= attempted;
                    }
                    return System.nanoTime() - stableSince[0] > QUIET_NANOS;
                },
                () -> "the agent's counts to settle");
        return last[0] - before;
    }
}

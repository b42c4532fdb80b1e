package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.SmtpWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An SMTP storm made by {@code hping3} (a generator this project did not write): bare SYNs to port
 * 25 from guest 101, each from the next source port, so each is a new conntrack entry and a new
 * flow. The MX answers SYN-ACK and the guest's kernel, which holds no socket, answers RST. The
 * ground truth is an nft counter in the MX namespace: SYNs to port 25 that arrived there. The agent
 * runs at the shipped 5 s report interval and must count exactly that many new connections. Beside
 * it, the four {@code conntrack -E} commands the agent used to run read the same storm, and the CPU
 * of both (utime + stime from {@code /proc/<pid>/stat}; the agent is its JVM plus its {@code nft}
 * child) is printed per storm ({@code HPING-STORM} lines), with the agent's busiest threads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class AgentSmtpHpingStormLabTest {
    private static final long CLK_TCK = ProcCpu.CLK_TCK;
    private static final int SHIPPED_INTERVAL_SECONDS = 5;
    private static final Pattern TRANSMITTED = Pattern.compile("(\\d+) packets transmitted");

    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(() -> Lab.builder().guestInSubnet(101).mx(30, 0, 0));

    private Lab lab;
    private LabAgent agent;
    private LabSink sink;
    private ConntrackAlone conntrack;

    @BeforeAll
    void start(Lab lab) {
        this.lab = lab;
        Assumptions.assumeTrue(
                LabPrerequisites.find("hping3").isPresent(),
                "hping3 not installed (scripts/setup-debian.sh installs it): storm skipped");
        sink = LabSink.start(lab);
        agent = LabAgent.startObserving(lab, "smtp:\n  enabled: true\n", SHIPPED_INTERVAL_SECONDS);
        // Ground truth where the SYNs arrive, and the MX's answers, counted by the kernel.
        lab.nft(
                lab.inet(),
                """
                table inet vglabtruth {
                  counter syn_in {}
                  counter synack_out {}
                  counter rst_in {}
                  chain in {
                    type filter hook input priority -300; policy accept;
                    tcp dport 25 tcp flags & (syn | ack) == syn counter name "syn_in"
                    tcp dport 25 tcp flags & rst == rst counter name "rst_in"
                  }
                  chain out {
                    type filter hook output priority -300; policy accept;
                    tcp sport 25 tcp flags & (syn | ack) == syn | ack counter name "synack_out"
                  }
                }
                """);
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

    /** Agent CPU ticks per second with no traffic: its 5 s report cycle and sampling. */
    private double idleTicksPerSecond;

    @Test
    void a0IdleBaseline() {
        long t0 = ConntrackAlone.agentTicks(agent);
        long n0 = System.nanoTime();
        int reports = agent.reports().size();
        // Two report cycles with no traffic.
        LabPoll.until(
                Duration.ofSeconds(4L * SHIPPED_INTERVAL_SECONDS),
                () -> agent.reports().size() >= reports + 2,
                () -> "two more reports");
        idleTicksPerSecond =
                (ConntrackAlone.agentTicks(agent) - t0) / ((System.nanoTime() - n0) / 1e9);
        System.out.printf(
                Locale.ROOT,
                "HPING-STORM idle agentCpuSecondsPerSecond=%.4f%n",
                idleTicksPerSecond / CLK_TCK);
        assertThat(totals().connections()).as("no SMTP before the storms").isZero();
    }

    @Test
    void a2000PerSecondAreAllCounted() {
        // One hping3 at a 300 us interval: usleep's overshoot on this machine brings it near
        // 2,000/s (the reached rate is measured and printed).
        storm(2000, 1, 300, 5);
    }

    @Test
    void b8000PerSecondAreAllCounted() {
        // One hping3 tops out near 4,000/s with -i; five in parallel on disjoint source ports
        // reach about 8,000/s on this loaded 2-core machine (printed).
        storm(8000, 5, 250, 5);
    }

    /**
     * Sends {@code target * seconds} SYNs from {@code processes} hping3 runs in parallel, each
     * {@code intervalMicros} apart, from disjoint source port ranges (hping3 increments the source
     * port per packet), so every SYN is a new flow.
     */
    private void storm(int target, int processes, int intervalMicros, int seconds) {
        int perProcess = target * seconds / processes;
        long packets = (long) perProcess * processes;
        Totals before = totals();
        long syn0 = counter("syn_in");
        long synAck0 = counter("synack_out");
        long rst0 = counter("rst_in");
        long agentTicks0 = ConntrackAlone.agentTicks(agent);
        long conntrackTicks0 = conntrack.ticks();
        java.util.Map<String, Long> threads0 = ProcCpu.threadTicks(agent.agent().pid());
        long n0 = System.nanoTime();
        List<LabProcess> hpings = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            hpings.add(
                    lab.spawn(
                            lab.guest(101).namespace(),
                            LabPrerequisites.tool("hping3"),
                            "-q",
                            "-S",
                            "-p",
                            "25",
                            "-s",
                            Integer.toString(1100 + i * (perProcess + 100)),
                            "-i",
                            "u" + intervalMicros,
                            "-c",
                            Integer.toString(perProcess),
                            // One MX each: hping3 takes any reply from its target as its own,
                            // so runs sharing one would stop each other early.
                            lab.mx().accepting().get(i)));
        }
        // The send time is from the first spawn to the last SYN's arrival (hping3 itself waits
        // for late replies after its last packet).
        LabPoll.until(
                Duration.ofSeconds(60),
                () ->
                        counter("syn_in") - syn0 >= packets
                                || hpings.stream().noneMatch(LabProcess::isAlive),
                () -> "the SYNs to arrive");
        double sendSeconds = (System.nanoTime() - n0) / 1e9;
        long sent = 0;
        StringBuilder outputs = new StringBuilder();
        for (LabProcess h : hpings) {
            int exit = h.waitFor(Duration.ofSeconds(10));
            outputs.append(h.output());
            assertThat(exit).as(h.output()).isZero();
            Matcher m = TRANSMITTED.matcher(h.output());
            sent += m.find() ? Long.parseLong(m.group(1)) : 0;
        }
        long arrived = counter("syn_in") - syn0;
        LabPoll.until(
                Duration.ofSeconds(4L * SHIPPED_INTERVAL_SECONDS),
                () -> totals().minus(before).connections() >= arrived,
                () ->
                        "the agent to count "
                                + arrived
                                + " connections, has "
                                + totals().minus(before).connections());
        // One more report, so a count past the truth would show.
        int reports = agent.reports().size();
        LabPoll.until(
                Duration.ofSeconds(3L * SHIPPED_INTERVAL_SECONDS),
                () -> agent.reports().size() > reports,
                () -> "one more report");
        Totals counted = totals().minus(before);
        double measured = (System.nanoTime() - n0) / 1e9;
        long agentTicks = ConntrackAlone.agentTicks(agent) - agentTicks0;
        long conntrackTicks = conntrack.ticks() - conntrackTicks0;
        long synAcks = counter("synack_out") - synAck0;
        long rsts = counter("rst_in") - rst0;
        double aboveIdle = agentTicks - idleTicksPerSecond * measured;
        System.out.printf(
                Locale.ROOT,
                "HPING-STORM target=%d hping3=%dx-i u%d hpingSent=%d synArrived=%d sendSeconds=%.2f"
                        + " reachedPerSecond=%.0f synAckOut=%d rstIn=%d agentNew=%d"
                        + " agentEstablished=%d agentUnreplied=%d agentResetOrRefused=%d"
                        + " agentCpuSeconds=%.2f conntrackCpuSeconds=%.2f agentOverConntrack=%.3f"
                        + " agentAboveIdleCpuSeconds=%.2f aboveIdleOverConntrack=%.3f"
                        + " measuredSeconds=%.1f intervalSeconds=%d%n",
                target,
                processes,
                intervalMicros,
                sent,
                arrived,
                sendSeconds,
                arrived / sendSeconds,
                synAcks,
                rsts,
                counted.connections(),
                counted.established(),
                counted.unreplied(),
                counted.resetOrRefused(),
                agentTicks / (double) CLK_TCK,
                conntrackTicks / (double) CLK_TCK,
                conntrackTicks == 0 ? 0.0 : agentTicks / (double) conntrackTicks,
                aboveIdle / CLK_TCK,
                conntrackTicks == 0 ? 0.0 : aboveIdle / conntrackTicks,
                measured,
                SHIPPED_INTERVAL_SECONDS);
        System.out.println("HPING-STORM threads " + ProcCpu.busiest(agent.agent().pid(), threads0));
        assertThat(sent).as("hping3's own count of SYNs sent: " + outputs).isEqualTo(packets);
        assertThat(arrived).as("SYNs that reached the MX").isEqualTo(packets);
        assertThat(counted.connections()).as("counted, none twice").isEqualTo(arrived);
        // The MX answered every SYN with a SYN-ACK, so every attempt was answered: established.
        // The RST that follows comes from the guest's own kernel (hping3 holds no socket); it is
        // the client's, not an answer, so none counts as refused. (unreplied is printed, not
        // asserted: it is a balance of counters read around a window's close, see decisions.)
        assertThat(synAcks).as("SYN-ACKs the MX sent").isEqualTo(arrived);
        assertThat(rsts).as("RSTs from the guest").isEqualTo(arrived);
        assertThat(counted.established()).as("established").isEqualTo(arrived);
        assertThat(counted.resetOrRefused()).as("refused").isZero();
    }

    /** A packet counter of the truth table in the MX namespace. */
    private long counter(String name) {
        ExecResult r =
                lab.exec(
                        lab.inet(),
                        LabPrerequisites.tool("nft"),
                        "list",
                        "counter",
                        "inet",
                        "vglabtruth",
                        name);
        Matcher m = Pattern.compile("packets (\\d+)").matcher(r.orThrow().output());
        if (!m.find()) {
            throw new IllegalStateException("no packet count in: " + r.output());
        }
        return Long.parseLong(m.group(1));
    }

    private record Totals(long connections, long established, long unreplied, long resetOrRefused) {
        Totals minus(Totals o) {
            return new Totals(
                    connections - o.connections,
                    established - o.established,
                    unreplied - o.unreplied,
                    resetOrRefused - o.resetOrRefused);
        }
    }

    /** Guest 101's SMTP counts over every report so far. */
    private Totals totals() {
        Totals t = new Totals(0, 0, 0, 0);
        for (Report report : agent.reports()) {
            for (GuestSample g : report.guests()) {
                SmtpWindow w = g.smtp();
                if (g.vmid() == 101 && w != null) {
                    t =
                            new Totals(
                                    t.connections + w.newConnections(),
                                    t.established + w.established(),
                                    t.unreplied + w.unreplied(),
                                    t.resetOrRefused + w.resetOrRefused());
                }
            }
        }
        return t;
    }
}

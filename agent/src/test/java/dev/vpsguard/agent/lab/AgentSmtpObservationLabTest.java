package dev.vpsguard.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.SmtpWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real agent in the lab's hypervisor namespace watches a spam bot through {@code conntrack -E}:
 * the SMTP windows of its reports add up to the generator's ground truth, and no report carries a
 * destination address (contract clause S4).
 *
 * <p>The MX layout has no dropping addresses: an unanswered SYN stays "unreplied" until conntrack's
 * 120 s timeout, longer than this test should take.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class AgentSmtpObservationLabTest {
    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(
                    () -> Lab.builder().guestInSubnet(101).guestOutOfSubnet(102).mx(10, 3, 0));

    private Lab lab;
    private LabAgent agent;
    private LabSink sink;

    @BeforeAll
    void startAgent(Lab lab) {
        this.lab = lab;
        List<String> endpoints = new ArrayList<>();
        lab.mx().accepting().forEach(a -> endpoints.add(a + ":25"));
        sink = LabSink.start(lab, endpoints);
        agent = new LabAgent(lab, "smtp:\n  enabled: true\n");
        agent.desire(new DesiredState(1, Instant.now(), List.of()));
        agent.startServer();
        agent.startAgent();
        // One acked cycle: the agent runs, its watch table is in place, conntrack is subscribed.
        agent.awaitAck(1, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void spamBotWindowsAddUpToTheGroundTruthAndCarryNoDestinationAddress() throws IOException {
        TrafficProfile spam = TrafficProfile.spamBot(lab.mx(), 120, 40, 7L);
        GroundTruth truth = spam.groundTruth();
        // Deltas over this run: the other test may have run first on the same agent.
        long new0 = sum(101, SmtpWindow::newConnections);
        long est0 = sum(101, SmtpWindow::established);
        long ref0 = sum(101, SmtpWindow::resetOrRefused);
        long other0 = sum(102, SmtpWindow::newConnections);
        int reports0 = agent.reports().size();
        GeneratorResult run = ProfileRunner.run(lab, lab.guest(101), spam);
        assertThat(run.attempted()).isEqualTo(truth.newConnections());

        LabPoll.until(
                Duration.ofSeconds(30),
                () ->
                        sum(101, SmtpWindow::newConnections) - new0 >= truth.newConnections()
                                && sum(101, SmtpWindow::resetOrRefused) - ref0 >= truth.refused(),
                () ->
                        "windows of guest 101 to add up to "
                                + truth
                                + ", have new="
                                + (sum(101, SmtpWindow::newConnections) - new0)
                                + " refused="
                                + (sum(101, SmtpWindow::resetOrRefused) - ref0)
                                + "; agent log:\n"
                                + agent.agent().output());

        assertThat(sum(101, SmtpWindow::newConnections) - new0).isEqualTo(truth.newConnections());
        assertThat(sum(101, SmtpWindow::established) - est0).isEqualTo(run.accepted());
        assertThat(sum(101, SmtpWindow::resetOrRefused) - ref0)
                .isGreaterThanOrEqualTo(run.refused());
        assertThat(sum(102, SmtpWindow::newConnections) - other0).isZero();
        // Each window's distinct count is exact within the window, so the largest one is at least
        // what one second of the bot reached and never more than the whole run's.
        long maxDistinct =
                windowsSince(101, reports0).stream()
                        .mapToLong(SmtpWindow::distinctDestinations)
                        .max()
                        .orElse(0);
        assertThat(maxDistinct).isBetween(1L, (long) truth.distinctDestinations());

        List<String> raw = rawReports();
        assertThat(raw).isNotEmpty();
        for (String address : lab.mx().all()) {
            assertThat(raw).noneMatch(json -> json.contains("\"" + address + "\""));
        }
    }

    @Test
    void aKilledConntrackChildIsRestartedAndTheCountsAfterwardAreRight() {
        List<ProcessHandle> before = conntrackChildren();
        assertThat(before).as("the agent's conntrack -E children").hasSize(2);
        ProcessHandle ipv4 =
                before.stream()
                        .filter(h -> h.info().commandLine().orElse("").contains("ipv4"))
                        .findFirst()
                        .orElseThrow();
        ipv4.destroyForcibly();
        LabPoll.until(
                Duration.ofSeconds(20),
                () ->
                        conntrackChildren().stream()
                                .anyMatch(
                                        h ->
                                                h.pid() != ipv4.pid()
                                                        && h.info()
                                                                .commandLine()
                                                                .orElse("")
                                                                .contains("ipv4")),
                () -> "a new ipv4 conntrack child; agent log:\n" + agent.agent().output());
        // The new child needs a moment to subscribe; one more acked cycle is plenty.
        long seqNow = agent.reports().size();
        LabPoll.until(
                Duration.ofSeconds(10),
                () -> agent.reports().size() >= seqNow + 2,
                () -> "two more reports");

        long newBefore = sum(101, SmtpWindow::newConnections);
        TrafficProfile spam = TrafficProfile.spamBot(lab.mx(), 60, 30, 11L);
        ProfileRunner.run(lab, lab.guest(101), spam);
        int expected = spam.groundTruth().newConnections();
        LabPoll.until(
                Duration.ofSeconds(30),
                () -> sum(101, SmtpWindow::newConnections) - newBefore == expected,
                () ->
                        "the second run's "
                                + expected
                                + " connections, have "
                                + (sum(101, SmtpWindow::newConnections) - newBefore));
        assertThat(sum(101, SmtpWindow::newConnections) - newBefore).isEqualTo(expected);
    }

    private List<ProcessHandle> conntrackChildren() {
        return ProcessHandle.of(agent.agent().pid())
                .map(
                        h ->
                                h.descendants()
                                        .filter(
                                                c ->
                                                        c.info()
                                                                .commandLine()
                                                                .orElse("")
                                                                .contains("conntrack"))
                                        .filter(ProcessHandle::isAlive)
                                        .toList())
                .orElse(List.of());
    }

    private long sum(int vmid, ToLongFunction<SmtpWindow> count) {
        return windows(vmid).stream().mapToLong(count).sum();
    }

    private List<SmtpWindow> windows(int vmid) {
        return windowsSince(vmid, 0);
    }

    private List<SmtpWindow> windowsSince(int vmid, int firstReport) {
        List<SmtpWindow> out = new ArrayList<>();
        List<Report> all = agent.reports();
        for (Report r : all.subList(Math.min(firstReport, all.size()), all.size())) {
            for (GuestSample g : r.guests()) {
                if (g.vmid() == vmid && g.smtp() != null) {
                    out.add(g.smtp());
                }
            }
        }
        return out;
    }

    private List<String> rawReports() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(agent.reportsDir())) {
            for (Path p :
                    files.filter(f -> f.getFileName().toString().startsWith("report-")).toList()) {
                out.add(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}

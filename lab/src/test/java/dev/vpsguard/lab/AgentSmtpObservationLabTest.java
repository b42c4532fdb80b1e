package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.SmtpWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * The real agent in the lab's hypervisor namespace, observing only (enforcement off, so its own
 * {@code vpsguard_watch} tables are all that makes bridged flows visible), watches each traffic
 * profile through {@code conntrack -E}. Each profile runs inside one report window (the interval is
 * {@value #INTERVAL_SECONDS} s and a run starts just after a report), so that window's counts must
 * equal the generator's ground truth exactly: new connections, distinct destinations and /24s,
 * established, refused. The newsletter's sessions end as Postfix ends them (QUIT, then close
 * without reading the 221: conntrack {@code CLOSE [ASSURED]}), and count established, never
 * refused. Unanswered attempts count at the agent's answer deadline ({@value
 * #ANSWER_DEADLINE_SECONDS} s after their SYN), so they may land in the next window, but no later:
 * the kernel keeps its default SYN_SENT timeout (120 s), whose DESTROY must not count them again.
 *
 * <p>The spam bot, the newsletter, the small mail server, the guest without SMTP and a spam bot
 * whose guest changed its address run at once, one per guest, in the same window (the counting must
 * keep guests apart); the tests then read each guest's windows. The killed {@code nft} session and
 * the agent restart each need their own run.
 *
 * <p>Each profile's windows are also written to {@code target/lab-windows/<profile>.json}, the
 * recorded series that the server's false-positive tests replay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class AgentSmtpObservationLabTest {
    static final int INTERVAL_SECONDS = 8;
    static final int ANSWER_DEADLINE_SECONDS = 5;
    static final int KERNEL_SYN_SENT = 120;

    /** The address guest 105 moves to, which the inventory does not know. */
    static final String MOVED = "198.51.100.114";

    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(
                    () ->
                            Lab.builder()
                                    .guestInSubnet(101)
                                    .guestOutOfSubnet(102)
                                    .guestInSubnet(103)
                                    .guestInSubnet(104)
                                    .guestInSubnet(105)
                                    .mx(10, 3, 3));

    private Lab lab;
    private LabAgent agent;
    private LabSink sink;
    private final Map<Integer, Observed> together = new HashMap<>();
    private long unattributedWhileMoved;

    @BeforeAll
    void startAgent(Lab lab) {
        this.lab = lab;
        // The kernel's default, set in hv only so that the test does not depend on the host's.
        lab.exec(
                        lab.hv(),
                        "sysctl",
                        "-qw",
                        "net.netfilter.nf_conntrack_tcp_timeout_syn_sent=" + KERNEL_SYN_SENT)
                .orThrow();
        sink = LabSink.start(lab);
        // No urgent reports: every run must stay inside one window.
        agent =
                LabAgent.startObserving(
                        lab,
                        "smtp:\n  enabled: true\n  preAlertConnections: 1000000\n",
                        INTERVAL_SECONDS,
                        1); // the runs wait for the next report themselves
        observeTogether();
    }

    /**
     * The first tests' runs, at once in one window: each guest's own profile, and guest 105
     * spamming from an address the inventory does not know (only what the host sees at its tap can
     * tell).
     */
    private void observeTogether() {
        LabGuest moving = lab.guest(105);
        readdress(moving, MOVED + "/24");
        try {
            long unattributedBefore = unattributedNew();
            Map<LabGuest, TrafficProfile> runs = new LinkedHashMap<>();
            runs.put(lab.guest(101), TrafficProfile.spamBot(lab.mx(), 120, 40, 7L));
            runs.put(lab.guest(103), TrafficProfile.newsletter(lab.mx()));
            runs.put(lab.guest(104), TrafficProfile.legitimateMailServer(lab.mx()));
            runs.put(lab.guest(102), TrafficProfile.noSmtp(lab.mx()));
            runs.put(moving, TrafficProfile.spamBot(lab.mx(), 60, 40, 13L));
            together.putAll(observe(runs));
            unattributedWhileMoved = unattributedNew() - unattributedBefore;
        } finally {
            readdress(moving, moving.address() + "/" + moving.prefixLength());
        }
    }

    private void readdress(LabGuest g, String cidr) {
        lab.exec(g.namespace(), "ip", "addr", "flush", "dev", "eth0").orThrow();
        lab.exec(g.namespace(), "ip", "addr", "add", cidr, "dev", "eth0").orThrow();
        lab.exec(g.namespace(), "ip", "route", "add", "default", "via", g.gateway()).orThrow();
    }

    @AfterAll
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void a1SpamBotWindowsMatchTheGroundTruthAndCarryNoDestinationAddress() throws IOException {
        Observed o = together.get(101);
        GroundTruth truth = o.profile.groundTruth();
        assertThat(truth.refused()).isPositive();
        assertThat(truth.unreplied()).isPositive();
        o.assertMatchesTruth();

        List<String> raw = rawReports();
        assertThat(raw).isNotEmpty();
        for (String address : lab.mx().all()) {
            assertThat(raw).noneMatch(json -> json.contains("\"" + address + "\""));
        }
    }

    @Test
    void a2NewsletterWindowsMatchTheGroundTruth() {
        LabGuest g = lab.guest(103);
        Observed o = together.get(103);
        o.assertMatchesTruth();
        // Its sessions closed as Postfix closes them end in CLOSE [ASSURED]; the agent reads that
        // at their DESTROY, after conntrack's 10 s CLOSE timeout. Listing the table reaps expired
        // entries, so once no CLOSE flow of the guest is listed, every DESTROY has been sent.
        LabPoll.until(
                Duration.ofSeconds(40),
                () ->
                        lab.exec(
                                        lab.hv(),
                                        "conntrack",
                                        "-L",
                                        "-p",
                                        "tcp",
                                        "-s",
                                        g.address(),
                                        "--state",
                                        "CLOSE")
                                .orThrow()
                                .output()
                                .lines()
                                .noneMatch(l -> l.contains("dport=25")),
                () -> "the newsletter's CLOSE flows to expire");
        int reports = agent.reports().size();
        LabPoll.until(
                Duration.ofSeconds(INTERVAL_SECONDS * 2L),
                () -> agent.reports().size() > reports,
                () -> "the report after their DESTROY");
        assertThat(o.sum(SmtpWindow::resetOrRefused)).as("refused, DESTROYs included").isZero();
        assertThat(o.sum(SmtpWindow::established))
                .isEqualTo(o.profile.groundTruth().newConnections());
    }

    @Test
    void a3SmallMailServerWindowsMatchTheGroundTruth() {
        Observed o = together.get(104);
        o.assertMatchesTruth();
        assertThat(o.run.accepted()).as("swaks delivered every message").isEqualTo(3);
    }

    @Test
    void a4AGuestWithoutSmtpHasNoSmtpCounts() {
        Observed o = together.get(102);
        assertThat(o.run.accepted()).as("the web connections worked").isEqualTo(20);
        assertThat(o.sum(SmtpWindow::newConnections)).isZero();
        assertThat(o.sum(SmtpWindow::established)).isZero();
    }

    @Test
    void b1AGuestThatChangesItsAddressStaysAttributed() {
        // The inventory still says .105: only what the host sees at tap105i0 can tell.
        together.get(105).assertMatchesTruth();
        assertThat(unattributedWhileMoved)
                .as("connections from %s left unattributed", MOVED)
                .isZero();
    }

    @Test
    void c1AKilledNftSessionIsRestartedAndTheCountsAfterwardAreRight() {
        assertThat(agent.conntrackChildren())
                .as("conntrack -E children: the kernel counts")
                .isEmpty();
        List<ProcessHandle> before = agent.nftSessions();
        assertThat(before).as("the agent's nft -j -i session").hasSize(1);
        before.get(0).destroyForcibly();
        LabPoll.until(
                Duration.ofSeconds(20),
                () -> agent.nftSessions().stream().anyMatch(h -> h.pid() != before.get(0).pid()),
                () -> "a new nft session; agent log:\n" + agent.agent().output());
        observe(lab.guest(101), TrafficProfile.spamBot(lab.mx(), 60, 30, 11L)).assertMatchesTruth();
    }

    @Test
    void c2AnAgentRestartNeitherLosesNorDoublesAWindow() {
        TrafficProfile spam = TrafficProfile.spamBot(lab.mx(), 60, 30, 17L);
        GroundTruth truth = spam.groundTruth();
        int before = agent.reports().size();
        long new0 = sum(101, SmtpWindow::newConnections);
        long est0 = sum(101, SmtpWindow::established);
        long unreplied0 = sum(101, SmtpWindow::unreplied);
        long refused0 = sum(101, SmtpWindow::resetOrRefused);
        // Traffic while no agent runs: the kernel keeps counting into the open generation.
        agent.kill();
        GeneratorResult run = ProfileRunner.run(lab, lab.guest(101), spam);
        assertThat(run.attempted()).isEqualTo(truth.newConnections());
        agent.startAgent();
        LabPoll.until(
                Duration.ofSeconds(INTERVAL_SECONDS * 3L + ANSWER_DEADLINE_SECONDS + 10L),
                () -> agent.reports().size() > before + 2,
                () -> "three reports after the restart; agent log:\n" + agent.agent().output());
        assertThat(agent.agent().output()).contains("kept the kernel's flow counts since");
        assertThat(sum(101, SmtpWindow::newConnections) - new0)
                .as("new connections made while the agent was down, counted once")
                .isEqualTo(truth.newConnections());
        assertThat(sum(101, SmtpWindow::established) - est0)
                .as("established while the agent was down")
                .isEqualTo(truth.accepted());
        assertThat(sum(101, SmtpWindow::resetOrRefused) - refused0)
                .as("refused while the agent was down")
                .isEqualTo(truth.refused());
        assertThat(sum(101, SmtpWindow::unreplied) - unreplied0)
                .as("unanswered while the agent was down")
                .isEqualTo(truth.unreplied());
    }

    /** {@code count} summed over every report's window of guest {@code vmid}. */
    private long sum(int vmid, ToLongFunction<SmtpWindow> count) {
        long n = 0;
        for (Report r : agent.reports()) {
            for (GuestSample g : r.guests()) {
                if (g.vmid() == vmid && g.smtp() != null) {
                    n += count.applyAsLong(g.smtp());
                }
            }
        }
        return n;
    }

    private Observed observe(LabGuest guest, TrafficProfile profile) {
        return observe(Map.of(guest, profile)).get(guest.vmid());
    }

    /**
     * Runs each guest's profile, all at once, just after a report, so the whole run falls in the
     * next window, then waits for that window and the next, which must hold every unanswered
     * attempt; returns what the agent reported, by vmid.
     */
    private Map<Integer, Observed> observe(Map<LabGuest, TrafficProfile> profiles) {
        int reports0 = agent.reports().size();
        LabPoll.until(
                Duration.ofSeconds(INTERVAL_SECONDS * 2L),
                () -> agent.reports().size() > reports0,
                () -> "the next report");
        int first = agent.reports().size();
        long started = System.nanoTime();
        // One thread per guest: the common pool may have fewer threads than guests.
        ExecutorService pool = Executors.newFixedThreadPool(profiles.size());
        Map<Integer, Observed> out = new LinkedHashMap<>();
        try {
            Map<LabGuest, CompletableFuture<GeneratorResult>> runs = new LinkedHashMap<>();
            profiles.forEach(
                    (guest, profile) ->
                            runs.put(
                                    guest,
                                    CompletableFuture.supplyAsync(
                                            () -> ProfileRunner.run(lab, guest, profile), pool)));
            runs.forEach(
                    (guest, run) ->
                            out.put(
                                    guest.vmid(),
                                    new Observed(
                                            guest.vmid(), profiles.get(guest), run.join(), first)));
        } finally {
            pool.shutdown();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Instant ended = Instant.now();
        for (Observed o : out.values()) {
            assertThat(o.run.attempted())
                    .as("%s attempted", o.profile.name())
                    .isEqualTo(
                            o.profile.groundTruth().newConnections()
                                    + o.profile.groundTruth().otherConnections());
        }
        LabPoll.until(
                Duration.ofSeconds(INTERVAL_SECONDS * 3L + ANSWER_DEADLINE_SECONDS + 5L),
                () -> agent.reports().size() > first + 1,
                () ->
                        "the window of the runs and the next, with their unreplied flows; have "
                                + out.values().stream()
                                        .map(o -> o.vmid + ": " + o.windows())
                                        .toList()
                                + "; agent log:\n"
                                + agent.agent().output());
        // The runs must fit in one window: they ended before the window they started in did (the
        // agent's clock is this machine's). Five runs at once on a busy machine may take longer
        // than a fixed share of the window while still fitting.
        Instant windowEnd =
                agent.reports().get(first).guests().stream()
                        .map(GuestSample::smtp)
                        .filter(w -> w != null)
                        .map(SmtpWindow::end)
                        .max(Instant::compareTo)
                        .orElseThrow();
        assertThat(ended)
                .as(
                        "%s, %d ms long, must end within the %d s window they started in",
                        profiles.values().stream().map(TrafficProfile::name).toList(),
                        took.toMillis(),
                        INTERVAL_SECONDS)
                .isBefore(windowEnd);
        out.values().forEach(Observed::record);
        return out;
    }

    /** What the agent reported for one run. */
    private final class Observed {
        final int vmid;
        final TrafficProfile profile;
        final GeneratorResult run;
        final int firstReport;

        Observed(int vmid, TrafficProfile profile, GeneratorResult run, int firstReport) {
            this.vmid = vmid;
            this.profile = profile;
            this.run = run;
            this.firstReport = firstReport;
        }

        /** The guest's windows from the run's window on (null when the guest was quiet). */
        List<SmtpWindow> windows() {
            List<Report> all = agent.reports();
            List<SmtpWindow> out = new ArrayList<>();
            for (Report r : all.subList(Math.min(firstReport, all.size()), all.size())) {
                SmtpWindow w = null;
                for (GuestSample g : r.guests()) {
                    if (g.vmid() == vmid) {
                        w = g.smtp();
                    }
                }
                out.add(w);
            }
            return out;
        }

        long sum(ToLongFunction<SmtpWindow> count) {
            return windows().stream().filter(w -> w != null).mapToLong(count).sum();
        }

        void assertMatchesTruth() {
            GroundTruth truth = profile.groundTruth();
            SmtpWindow w = windows().get(0);
            assertThat(w).as("%s: the run's window of guest %d", profile.name(), vmid).isNotNull();
            assertThat(w.newConnections()).as("new connections").isEqualTo(truth.newConnections());
            assertThat(w.distinctDestinations())
                    .as("distinct destinations")
                    .isEqualTo(truth.distinctDestinations());
            assertThat(w.distinctPrefixes()).as("distinct /24").isEqualTo(truth.distinctSlash24());
            assertThat(w.established()).as("established").isEqualTo(run.accepted());
            assertThat(run.accepted()).isEqualTo(truth.accepted());
            assertThat(w.resetOrRefused()).as("refused").isEqualTo(truth.refused());
            assertThat(sum(SmtpWindow::newConnections))
                    .as("new connections over the run")
                    .isEqualTo(truth.newConnections());
            assertThat(sum(SmtpWindow::unreplied))
                    .as("unreplied over the run")
                    .isEqualTo(truth.unreplied())
                    .isEqualTo(run.unreplied());
            List<SmtpWindow> runAndNext = windows().subList(0, 2);
            assertThat(
                            runAndNext.stream()
                                    .filter(x -> x != null)
                                    .mapToLong(SmtpWindow::unreplied)
                                    .sum())
                    .as("unanswered within the run's window and the next (the answer deadline)")
                    .isEqualTo(truth.unreplied());
        }

        /** Writes the series to {@code target/lab-windows/} for the server's replay tests. */
        void record() {
            Path dir = Path.of("target", "lab-windows");
            String name = profile.name().replace(' ', '-');
            ObjectMapper json =
                    ProtocolJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
            try {
                Files.createDirectories(dir);
                Files.writeString(
                        dir.resolve(name + ".json"),
                        json.writeValueAsString(windows()),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private long unattributedNew() {
        return agent.reports().stream()
                .map(Report::unattributedSmtp)
                .filter(w -> w != null)
                .mapToLong(SmtpWindow::newConnections)
                .sum();
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

package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.FlowWindow;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real agent counts every guest's new outbound flows in the kernel, and its reports' {@link
 * FlowWindow} shows a scan for what it is: Debian's {@code nmap}, run inside a guest namespace
 * against the lab's internet namespace, makes a horizontal scan (one port on 40 addresses) and a
 * vertical one (1,000 ports on one address); a crawler-like guest (200 HTTPS connections to 5
 * addresses) shows neither. The three run at once, one per guest, starting just after a report and
 * fitting in one {@value #INTERVAL_SECONDS} s window, so that window's maxima are exact (and the
 * counting keeps guests apart); the tests then read each guest's window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class AgentFlowScanLabTest {
    static final int INTERVAL_SECONDS = 8;
    static final int ADDRESSES = 40;

    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(
                    () ->
                            Lab.builder()
                                    .guestInSubnet(101)
                                    .guestInSubnet(102)
                                    .guestInSubnet(103)
                                    .mx(ADDRESSES, 0, 0));

    private Lab lab;
    private LabAgent agent;
    private LabSink sink;
    private final Map<Integer, FlowWindow> windows = new ConcurrentHashMap<>();
    private GeneratorResult crawlerRun;

    @BeforeAll
    void start(Lab lab) {
        this.lab = lab;
        List<String> https = new ArrayList<>();
        for (String a : lab.mx().accepting().subList(0, 5)) {
            https.add(a + ":443");
        }
        sink = LabSink.start(lab, https);
        agent =
                LabAgent.startObserving(
                        lab,
                        "smtp:\n  enabled: true\n  preAlertConnections: 1000000\n",
                        INTERVAL_SECONDS,
                        1); // the runs wait for the next report themselves
        runAll();
    }

    @AfterAll
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    /** The three runs, at once, in the window just after a report. */
    private void runAll() {
        List<String> mx = lab.mx().accepting();
        String range =
                mx.get(0) + "-" + mx.get(mx.size() - 1).substring(mx.get(0).lastIndexOf('.') + 1);
        Runnable horizontal =
                () ->
                        lab.exec(
                                        lab.guest(101).namespace(),
                                        LabPrerequisites.tool("nmap"),
                                        "-n",
                                        "-Pn",
                                        "-sS",
                                        "--max-retries",
                                        "0",
                                        "-p",
                                        "22",
                                        range)
                                .orThrow();
        Runnable vertical =
                () ->
                        lab.exec(
                                        lab.guest(102).namespace(),
                                        LabPrerequisites.tool("nmap"),
                                        "-n",
                                        "-Pn",
                                        "-sS",
                                        "--max-retries",
                                        "0",
                                        "-p",
                                        "1-1000",
                                        mx.get(0))
                                .orThrow();
        TrafficProfile crawler = crawler(mx.subList(0, 5));
        Runnable crawl = () -> crawlerRun = ProfileRunner.run(lab, lab.guest(103), crawler);
        windows.putAll(windowsOf(Map.of(101, horizontal, 102, vertical, 103, crawl)));
    }

    private TrafficProfile crawler(List<String> five) {
        List<TrafficPlan.Step> steps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            steps.add(new TrafficPlan.Connect(five.get(i % 5), 443));
        }
        TrafficPlan plan = new TrafficPlan(steps);
        return new TrafficProfile(
                "crawler",
                TrafficProfile.Client.GENERATOR,
                plan,
                "connect",
                100,
                8,
                GroundTruth.of(plan, lab.mx()));
    }

    @Test
    void aHorizontalNmapScanShowsManyDestinationsOnOnePort() {
        FlowWindow w = windows.get(101);
        assertThat(w.maxDestinationsOnOnePort()).isEqualTo(ADDRESSES);
        assertThat(w.maxPortsOnOneDestination()).isEqualTo(1);
        assertThat(w.distinctDestinations()).isEqualTo(ADDRESSES);
        assertThat(w.newFlows()).isEqualTo(ADDRESSES);
        assertThat(w.failed()).as("port 22 is closed everywhere: RSTs").isEqualTo(ADDRESSES);
        assertThat(w.services()).containsExactly(new FlowWindow.ServiceAttempts(22, ADDRESSES, 1));
    }

    @Test
    void aVerticalNmapScanShowsManyPortsOnOneDestination() {
        FlowWindow w = windows.get(102);
        assertThat(w.maxPortsOnOneDestination()).isEqualTo(1000);
        assertThat(w.maxDestinationsOnOnePort()).isEqualTo(1);
        assertThat(w.distinctDestinations()).isEqualTo(1);
        assertThat(w.newFlows()).isEqualTo(1000);
    }

    @Test
    void aCrawlerOfAHandfulOfAddressesShowsNeither() {
        FlowWindow w = windows.get(103);
        assertThat(crawlerRun.accepted()).isEqualTo(200);
        assertThat(w.newFlows()).isEqualTo(200);
        assertThat(w.distinctDestinations()).isEqualTo(5);
        assertThat(w.maxDestinationsOnOnePort()).isEqualTo(5);
        assertThat(w.maxPortsOnOneDestination()).isEqualTo(1);
        assertThat(w.failed()).isZero();
        assertThat(w.services()).isEmpty();
    }

    /**
     * Runs every guest's {@code traffic} at once just after a report and returns each guest's flow
     * window of the run, checking that the next window saw no new flow of it (the runs fit in one
     * window).
     */
    private Map<Integer, FlowWindow> windowsOf(Map<Integer, Runnable> traffic) {
        int reports0 = agent.reports().size();
        LabPoll.until(
                Duration.ofSeconds(INTERVAL_SECONDS * 2L),
                () -> agent.reports().size() > reports0,
                () -> "the next report");
        int first = agent.reports().size();
        long started = System.nanoTime();
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        traffic.values().forEach(t -> runs.add(CompletableFuture.runAsync(t)));
        runs.forEach(CompletableFuture::join);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the runs must fit in one %d s window", INTERVAL_SECONDS)
                .isLessThan(Duration.ofSeconds(INTERVAL_SECONDS - 2));
        LabPoll.until(
                Duration.ofSeconds(INTERVAL_SECONDS * 3L),
                () -> agent.reports().size() > first + 1,
                () -> "the runs' window and the next; agent log:\n" + agent.agent().output());
        List<Report> all = agent.reports();
        Map<Integer, FlowWindow> out = new HashMap<>();
        for (int vmid : traffic.keySet()) {
            FlowWindow run = flows(all.get(first), vmid);
            assertThat(run).as("guest %d's flow window", vmid).isNotNull();
            assertThat(flows(all.get(first + 1), vmid).newFlows())
                    .as("guest %d's flows after the run", vmid)
                    .isZero();
            out.put(vmid, run);
        }
        return out;
    }

    private static FlowWindow flows(Report r, int vmid) {
        for (GuestSample g : r.guests()) {
            if (g.vmid() == vmid) {
                return g.flows();
            }
        }
        return null;
    }
}

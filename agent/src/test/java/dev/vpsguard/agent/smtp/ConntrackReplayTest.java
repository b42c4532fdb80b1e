package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.testing.Await;
import dev.vpsguard.testing.MutableClock;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConntrackReplayTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** One accepted flow as the two streams delivered it (UPDATE first), then a second flow. */
    private static final String THREE_FLOWS =
            String.join(
                    "\n",
                    ReplayCaptureTest.UPDATE,
                    ReplayCaptureTest.NEW,
                    ReplayCaptureTest.NEW
                            .replace("sport=42616", "sport=7")
                            .replace("dport=42616", "dport=7")
                            .replace("id=1835295417", "id=99"),
                    ReplayCaptureTest.NEW
                            .replace("1795417945.971761", "1795417950.000000")
                            .replace("id=1835295417", "id=100")
                            .replace("198.51.100.206", "198.51.100.207"),
                    ReplayCaptureTest.DESTROY);

    private final MutableClock clock = new MutableClock(T0);
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final ConntrackReplay.Sleeper fake =
            d -> {
                sleeps.add(d);
                clock.advance(d);
            };
    private ConntrackReplay replay;

    @AfterEach
    void close() {
        if (replay != null) {
            replay.close();
        }
    }

    private ConntrackReplay start(
            ReplayCapture capture, ConntrackReplay.Settings settings, int capacity) {
        replay = new ConntrackReplay(capture, settings, capacity, clock, fake, log::add);
        replay.start();
        return replay;
    }

    private List<String> take(int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String line = replay.poll(5, TimeUnit.SECONDS);
            assertThat(line).as("line %d of %d", i + 1, n).isNotNull();
            out.add(line);
        }
        return out;
    }

    /** Whether a replay thread is parked in {@code BlockingQueue.put}, that is, waits for room. */
    private static boolean replayThreadWaitsForRoom() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().equals("vpsguard-conntrack-replay"))
                .filter(e -> e.getKey().getState() == Thread.State.WAITING)
                .anyMatch(
                        e ->
                                Arrays.stream(e.getValue())
                                        .anyMatch(
                                                f ->
                                                        f.getMethodName().equals("put")
                                                                && f.getClassName()
                                                                        .endsWith(
                                                                                "BlockingQueue")));
    }

    private static ConntrackReplay.Settings once(int speed) {
        return new ConntrackReplay.Settings(false, Duration.ZERO, speed);
    }

    @Test
    void eachLineComesAtItsRecordedOffsetStampedNowWithItsFlowNumberAsId() throws Exception {
        ReplayCapture c = ReplayCaptureTest.parse(THREE_FLOWS);
        start(c, once(1), 100);
        List<String> lines = take(c.size());
        for (int i = 0; i < c.size(); i++) {
            ConntrackEvent e = ConntrackEventParser.parse(lines.get(i));
            assertThat(e.timestamp()).as("line %d", i).isEqualTo(T0.plus(c.offset(i)));
            assertThat(e.id()).as("line %d", i).isEqualTo(c.flow(i));
        }
        assertThat(lines.get(0)).contains("[UPDATE]").endsWith(" id=0");
        assertThat(lines.get(4)).contains("[DESTROY]").endsWith(" id=0");
        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(c.length());
        // The replay thread ends after its pass; once it has, nothing more can come.
        Await.until(
                "the replay to end after one pass",
                Duration.ofSeconds(5),
                () -> !replay.isRunning());
        assertThat(replay.poll(0, TimeUnit.MILLISECONDS)).as("one pass only").isNull();
        assertThat(replay.loopsCompleted()).isEqualTo(1);
        assertThat(replay.linesReplayed()).isEqualTo(c.size());
        assertThat(log).singleElement().asString().contains("finished after one pass");
    }

    @Test
    void speedDividesTheRecordedOffsets() throws Exception {
        ReplayCapture c = ReplayCaptureTest.parse(THREE_FLOWS);
        start(c, once(4), 100);
        List<String> lines = take(c.size());
        for (int i = 0; i < c.size(); i++) {
            assertThat(ConntrackEventParser.parse(lines.get(i)).timestamp())
                    .as("stamped to the microsecond, as conntrack prints")
                    .isEqualTo(T0.plus(c.offset(i).dividedBy(4)).truncatedTo(ChronoUnit.MICROS));
        }
    }

    @Test
    void loopsStartAgainAfterTheGapWithTheirOwnIds() throws Exception {
        ReplayCapture c = ReplayCaptureTest.parse(THREE_FLOWS);
        Duration gap = Duration.ofSeconds(60);
        start(c, new ConntrackReplay.Settings(true, gap, 1), 100);
        List<String> lines = take(3 * c.size());
        Set<String> flows = new HashSet<>();
        for (int pass = 0; pass < 3; pass++) {
            Instant passStart = T0.plus(c.length().plus(gap).multipliedBy(pass));
            for (int i = 0; i < c.size(); i++) {
                ConntrackEvent e = ConntrackEventParser.parse(lines.get(pass * c.size() + i));
                assertThat(e.timestamp()).isEqualTo(passStart.plus(c.offset(i)));
                assertThat(e.id()).isEqualTo((long) pass * c.flows() + c.flow(i));
                flows.add(e.id() + " " + e.original());
            }
        }
        assertThat(flows)
                .as("no flow of one pass shares an id with another")
                .hasSize(3 * c.flows());
        assertThat(replay.loopsCompleted()).isGreaterThanOrEqualTo(2);
        assertThat(log).isEmpty();
    }

    @Test
    void idsWrapAroundThe32BitSpace() throws Exception {
        ReplayCapture c = ReplayCaptureTest.parse(THREE_FLOWS);
        ConntrackReplay r =
                new ConntrackReplay(
                        c,
                        new ConntrackReplay.Settings(true, Duration.ZERO, 1),
                        1,
                        clock,
                        fake,
                        log::add);
        long loops = (1L << 32) / c.flows();
        assertThat(r.id(loops, 2)).isEqualTo(loops * c.flows() + c.flow(2) - (1L << 32));
        assertThat(r.id(loops + 1, 0)).isBetween(0L, 0xffff_ffffL);
    }

    @Test
    void aFullQueueMakesTheReplayWaitInsteadOfDroppingLines() throws Exception {
        ReplayCapture c = ReplayCapture.load(ReplayCapture.BUILTIN_DEMO);
        start(c, once(1), 2);
        // Deterministic, no sleep: the replay thread is seen parked in the full queue's put() with
        // two lines played; had it dropped the third line instead, it would have played on.
        Await.until(
                "the replay parked in put() on the full queue",
                Duration.ofSeconds(5),
                () -> replay.linesReplayed() >= 2 && replayThreadWaitsForRoom());
        assertThat(replay.linesReplayed()).as("the replay waits for room").isEqualTo(2);
        List<String> lines = take(c.size());
        for (int i = 0; i < c.size(); i++) {
            assertThat(ConntrackEventParser.parse(lines.get(i)).timestamp())
                    .isEqualTo(T0.plus(c.offset(i)));
        }
    }

    @Test
    void closeStopsAReplayThatWaitsForItsNextLine() throws Exception {
        // The third line is due a day after the second, so the replay is surely waiting for it
        // when close() comes (a line with the second's time stamp could already have been played).
        ReplayCapture c =
                ReplayCaptureTest.parse(
                        String.join(
                                "\n",
                                ReplayCaptureTest.UPDATE,
                                ReplayCaptureTest.NEW,
                                ReplayCaptureTest.NEW
                                        .replace("1795417945.971761", "1795504345.971761")
                                        .replace("id=1835295417", "id=100")
                                        .replace("198.51.100.206", "198.51.100.207")));
        assertThat(c.offset(2)).isGreaterThan(java.time.Duration.ofHours(23));
        replay =
                new ConntrackReplay(c, once(1), 100, clock, ConntrackReplay.Sleeper.REAL, log::add);
        replay.start();
        assertThat(replay.poll(5, TimeUnit.SECONDS)).contains("[UPDATE]");
        assertThat(replay.poll(5, TimeUnit.SECONDS)).contains("[NEW]");
        replay.close();
        Await.until("the closed replay to stop", Duration.ofSeconds(5), () -> !replay.isRunning());
        assertThat(replay.linesReplayed()).isEqualTo(2);
        assertThat(replay.loopsCompleted()).isZero();
    }

    @Test
    void metricsSayReplayIsActiveAndCountLinesAndLoops() throws Exception {
        ReplayCapture c = ReplayCaptureTest.parse(THREE_FLOWS);
        CollectorRegistry registry = new CollectorRegistry();
        replay = new ConntrackReplay(c, once(1), 100, clock, fake, log::add);
        replay.register(registry);
        assertThat(
                        registry.getSampleValue(
                                "vpsguard_agent_smtp_replay",
                                new String[] {"source"},
                                new String[] {"test.conntrack"}))
                .isEqualTo(1.0);
        replay.start();
        take(c.size());
        Await.until("a completed loop", Duration.ofSeconds(5), () -> replay.loopsCompleted() >= 1);
        assertThat(registry.getSampleValue("vpsguard_agent_smtp_replay_lines_total"))
                .isEqualTo((double) c.size());
        assertThat(registry.getSampleValue("vpsguard_agent_smtp_replay_loops_total"))
                .isEqualTo(1.0);
    }

    @Test
    void settingsRefuseANegativeGapAndASpeedBelowOne() {
        assertThatThrownBy(() -> new ConntrackReplay.Settings(true, Duration.ofSeconds(-1), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConntrackReplay.Settings(true, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The capture's flows are replayed right after their DESTROY in the next pass (gap 0). With the
     * capture's own ids, the new pass's UPDATE, which precedes its NEW as in the capture, would hit
     * the aggregator's tombstone of the old flow and be dropped: established would stay 1.
     */
    @Test
    void aFlowReplayedRightAfterItsDestroyIsANewFlowForTheAggregator() throws Exception {
        ReplayCapture c =
                ReplayCaptureTest.parse(
                        String.join(
                                "\n",
                                ReplayCaptureTest.UPDATE,
                                ReplayCaptureTest.NEW,
                                ReplayCaptureTest.DESTROY));
        ReplayedObservation p = new ReplayedObservation(ReplayedObservation.DEMO_GUESTS, T0);
        start(c, new ConntrackReplay.Settings(true, Duration.ZERO, 1), 1);
        take(2 * c.size()).forEach(p::feed);
        SmtpWindow w = p.closeWindow(p.now()).byGuest().get(200);
        assertThat(w.newConnections()).isEqualTo(2);
        assertThat(w.established()).isEqualTo(2);
        assertThat(w.unreplied() + w.resetOrRefused()).isZero();
    }

    /**
     * Two passes of the demo capture through the observer and aggregator, with a book that only
     * knows the inventory's addresses (no bridge port or neighbour sightings, as in replay mode):
     * every guest's counts are exactly twice what the capture holds, nothing is unattributed.
     */
    @Test
    void twoPassesOfTheDemoCaptureAreCountedTwiceForTheInventorysGuests() throws Exception {
        ReplayCapture c = ReplayCapture.load(ReplayCapture.BUILTIN_DEMO);
        Map<String, CaptureTruth> truth = CaptureTruth.bySource(CaptureTruth.builtinDemoLines());
        ReplayedObservation p = new ReplayedObservation(ReplayedObservation.DEMO_GUESTS, T0);
        start(c, new ConntrackReplay.Settings(true, Duration.ofSeconds(30), 1), 1);
        take(2 * c.size()).forEach(p::feed);
        SmtpWindows closed = p.closeWindow(p.now());
        assertThat(closed.unattributed().newConnections()).isZero();
        Map<Integer, SmtpWindow> windows = closed.byGuest();
        Map<Integer, String> addresses =
                Map.of(101, "198.51.100.101", 102, "203.0.113.5", 200, "198.51.100.200");
        assertThat(windows).containsOnlyKeys(addresses.keySet());
        addresses.forEach(
                (vmid, address) -> {
                    CaptureTruth t = truth.get(address);
                    SmtpWindow w = windows.get(vmid);
                    assertThat(w.newConnections())
                            .as("%d new", vmid)
                            .isEqualTo(2 * t.newConnections());
                    assertThat(w.established())
                            .as("%d established", vmid)
                            .isEqualTo(2 * t.established());
                    assertThat(w.resetOrRefused())
                            .as("%d refused", vmid)
                            .isEqualTo(2 * t.refused());
                    assertThat(w.unreplied()).as("%d unreplied", vmid).isEqualTo(2 * t.unreplied());
                    assertThat(w.distinctDestinations()).isEqualTo(t.destinations().size());
                });
        assertThat(windows.get(101).newConnections()).isEqualTo(600);
    }
}

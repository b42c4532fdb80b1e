package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.testing.Await;
import io.prometheus.client.CollectorRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConntrackEventSourceTest {
    private static final Clock FROZEN =
            Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @TempDir Path dir;
    private final List<Duration> delays = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private ConntrackEventSource source;

    /** Runs the first {@code allowed} restarts at once and only records the later ones. */
    private RestartScheduler scheduler(int allowed) {
        return (task, delay) -> {
            delays.add(delay);
            if (delays.size() <= allowed) {
                task.run();
            }
        };
    }

    private Path fakeConntrack(String body) throws Exception {
        Path script = dir.resolve("conntrack");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        script.toFile().setExecutable(true);
        return script;
    }

    private ConntrackEventSource start(
            Path command, int capacity, RestartScheduler scheduler, Clock clock) {
        source =
                new ConntrackEventSource(
                        List.of(List.of(command.toString(), "-E", "-f", "ipv4")),
                        capacity,
                        scheduler,
                        clock,
                        warnings::add);
        source.start();
        return source;
    }

    /** Waits for real child processes, with a deadline; never a fixed sleep. */
    private static void await(BooleanSupplier condition) {
        Await.until("a condition on the child processes", Duration.ofSeconds(20), condition);
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void queuesTheLinesOfAChildAndRestartsItWithExponentialBackoff() throws Exception {
        Path fixture = dir.resolve("lines.txt");
        Files.write(fixture, Fixtures.lines("ipv4-acct-on.txt"));
        start(fakeConntrack("cat '" + fixture + "'"), 1000, scheduler(2), FROZEN);
        int perRun = Fixtures.lines("ipv4-acct-on.txt").size();
        await(() -> delays.size() == 3);
        List<String> got = new ArrayList<>();
        source.drainTo(got, 10_000);
        assertThat(got).hasSize(3 * perRun);
        assertThat(got.subList(0, perRun)).isEqualTo(Fixtures.lines("ipv4-acct-on.txt"));
        for (String line : got) {
            assertThat(ConntrackEventParser.parse(line).original().destinationPort()).isEqualTo(25);
        }
        assertThat(delays)
                .containsExactly(
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(source.up()).isFalse();
        // Exiting is news once per outage, not once per restart.
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).contains("exited with status 0");
    }

    @Test
    void enobufsWarningsAreCountedAndLoggedOnceAndTheChildKeepsRunning() throws Exception {
        // conntrack-tools 1.4.7 prints this on stderr when the kernel dropped events, and goes on.
        String warning = "WARNING: We have hit ENOBUFS! We are losing events.";
        start(
                fakeConntrack(
                        "echo '"
                                + warning
                                + "' >&2; echo '"
                                + warning
                                + "' >&2;"
                                + " echo ready; exec sleep 60"),
                10,
                scheduler(10),
                FROZEN);
        await(() -> source.overruns() == 2);
        assertThat(source.up()).isTrue();
        assertThat(warnings).singleElement().asString().contains("ENOBUFS", "overruns_total");
    }

    @Test
    void theDefaultCommandsSplitEventsAndAskForALargeReceiveBuffer() {
        String tail = " --dport 25 -o timestamp,id -b 16777216";
        assertThat(ConntrackEventSource.DEFAULT_COMMANDS)
                .extracting(c -> String.join(" ", c))
                .containsExactly(
                        "conntrack -E -e NEW,DESTROY -f ipv4 -p tcp" + tail,
                        "conntrack -E -e UPDATE -f ipv4 -p tcp --state ESTABLISHED" + tail,
                        "conntrack -E -e NEW,DESTROY -f ipv6 -p tcp" + tail,
                        "conntrack -E -e UPDATE -f ipv6 -p tcp --state ESTABLISHED" + tail);
    }

    @Test
    void backoffReturnsToOneSecondAfterAChildRanForAMinute() throws Exception {
        Clock stepping =
                new Clock() {
                    private Instant now = Instant.parse("2026-11-22T10:00:00Z");

                    @Override
                    public ZoneOffset getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public synchronized Instant instant() {
                        now = now.plusSeconds(61);
                        return now;
                    }
                };
        start(fakeConntrack("exit 0"), 10, scheduler(3), stepping);
        await(() -> delays.size() == 4);
        assertThat(delays).containsOnly(Duration.ofSeconds(1));
    }

    @Test
    void aMissingBinaryIsLoggedOnceAndReportedDown() throws Exception {
        start(dir.resolve("no-such-conntrack"), 10, scheduler(5), FROZEN);
        await(() -> delays.size() == 6);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("cannot run", "no-such-conntrack");
        assertThat(source.up()).isFalse();
        assertThat(delays.get(5)).isEqualTo(Duration.ofSeconds(32));
        CollectorRegistry registry = new CollectorRegistry();
        source.register(registry);
        assertThat(registry.getSampleValue("vpsguard_agent_conntrack_up")).isZero();
        assertThat(registry.getSampleValue("vpsguard_agent_conntrack_restarts_total"))
                .isEqualTo(6.0);
    }

    @Test
    void permissionDeniedIsLoggedOnceWithConntracksOwnWords() throws Exception {
        start(
                fakeConntrack(
                        "echo 'conntrack v1.4.7 (conntrack-tools): Operation not permitted' >&2; exit 1"),
                10,
                scheduler(4),
                FROZEN);
        await(() -> delays.size() == 5);
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("status 1", "Operation not permitted");
    }

    @Test
    void aFullQueueDropsAndCountsLinesInsteadOfBlocking() throws Exception {
        start(
                fakeConntrack("i=0; while [ $i -lt 50 ]; do echo line$i; i=$((i+1)); done"),
                5,
                scheduler(0),
                FROZEN);
        await(() -> source.linesRead() == 50 && delays.size() == 1);
        assertThat(source.droppedLines()).isEqualTo(45);
        List<String> kept = new ArrayList<>();
        source.drainTo(kept, 100);
        assertThat(kept).containsExactly("line0", "line1", "line2", "line3", "line4");
    }

    @Test
    void aRunningChildIsUpAndCloseStopsItWithoutRestart() throws Exception {
        start(fakeConntrack("echo ready; exec sleep 60"), 10, scheduler(10), FROZEN);
        assertThat(source.poll(20, TimeUnit.SECONDS)).isEqualTo("ready");
        assertThat(source.up()).isTrue();
        source.close();
        await(() -> !source.up());
        assertThat(delays).isEqualTo(Collections.emptyList());
        assertThat(warnings).isEmpty();
    }
}

package dev.vpsguard.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.FlowWindow;
import dev.vpsguard.server.policy.NetworkPolicy;
import dev.vpsguard.server.policy.PolicyDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The fan-out detector on the default policy's thresholds (64 addresses on one port or 50 ports on
 * one address with half the flows unanswered, 512 / 500 whatever the answers, 20 attempts on one
 * login service; 5 s windows): crawlers and backup clients never trip it, scans of several shapes
 * do, each in the window that carries it.
 */
class FlowScanDetectorTest {
    static final NetworkPolicy.Scans POLICY = PolicyDefaults.NETWORK.scans();
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final Duration WINDOW = Duration.ofSeconds(5);

    /** One 5 s window number {@code i}. */
    static FlowWindow window(
            int i,
            long flows,
            long destinations,
            long pairs,
            long portsOnOne,
            long destinationsOnOnePort,
            long failed,
            List<FlowWindow.ServiceAttempts> services) {
        Instant start = T0.plus(WINDOW.multipliedBy(i));
        return new FlowWindow(
                start,
                start.plus(WINDOW),
                flows,
                destinations,
                pairs,
                portsOnOne,
                destinationsOnOnePort,
                failed,
                services);
    }

    @Provide
    Arbitrary<List<FlowWindow>> crawler() {
        // Many HTTPS (and some HTTP) flows to a handful of addresses, nearly all answered.
        Arbitrary<FlowWindow> one =
                Combinators.combine(
                                Arbitraries.integers().between(1, 8),
                                Arbitraries.longs().between(0, 5000),
                                Arbitraries.doubles().between(0, 0.15),
                                Arbitraries.integers().between(1, 2))
                        .as(
                                (addresses, flows, failing, ports) ->
                                        window(
                                                0,
                                                flows,
                                                addresses,
                                                (long) addresses * ports,
                                                ports,
                                                addresses,
                                                Math.round(flows * failing),
                                                List.of()));
        return one.list().ofMinSize(1).ofMaxSize(200).map(FlowScanDetectorTest::renumber);
    }

    @Provide
    Arbitrary<List<FlowWindow>> backup() {
        // Heavy flows to one address and port (rsync over SSH, S3, borg), some of them retried.
        Arbitrary<FlowWindow> one =
                Combinators.combine(
                                Arbitraries.longs().between(0, 20_000),
                                Arbitraries.doubles().between(0, 0.9),
                                Arbitraries.longs().between(0, 3))
                        .as(
                                (flows, failing, sshSessions) ->
                                        window(
                                                0,
                                                flows,
                                                flows == 0 ? 0 : 1,
                                                flows == 0 ? 0 : 1,
                                                flows == 0 ? 0 : 1,
                                                flows == 0 ? 0 : 1,
                                                Math.round(flows * failing),
                                                sshSessions == 0
                                                        ? List.of()
                                                        : List.of(
                                                                new FlowWindow.ServiceAttempts(
                                                                        22,
                                                                        sshSessions,
                                                                        sshSessions))));
        return one.list().ofMinSize(1).ofMaxSize(200).map(FlowScanDetectorTest::renumber);
    }

    @Property(tries = 300)
    void aCrawlerIsNeverAScanner(@ForAll("crawler") List<FlowWindow> windows) {
        FlowBaseline b = new FlowBaseline();
        for (FlowWindow w : windows) {
            assertThat(FlowScanDetector.observe(b, w, POLICY)).as("%s", w).isEmpty();
        }
    }

    @Property(tries = 300)
    void aBackupClientIsNeverAScanner(@ForAll("backup") List<FlowWindow> windows) {
        FlowBaseline b = new FlowBaseline();
        for (FlowWindow w : windows) {
            assertThat(FlowScanDetector.observe(b, w, POLICY)).as("%s", w).isEmpty();
        }
    }

    @Property(tries = 300)
    void aHorizontalScanIsFoundInItsOwnWindowAfterAnyCrawlerHistory(
            @ForAll("crawler") List<FlowWindow> history, @ForAll("horizontal") FlowWindow scan) {
        FlowBaseline b = new FlowBaseline();
        history.forEach(w -> FlowScanDetector.observe(b, w, POLICY));
        FlowWindow next = at(history.size(), scan);
        List<ScanFinding> found = FlowScanDetector.observe(b, next, POLICY);
        assertThat(found).extracting(ScanFinding::pattern).contains(ScanPattern.HORIZONTAL_SCAN);
        assertThat(found.get(0).start()).isEqualTo(next.start());
    }

    @Provide
    Arbitrary<FlowWindow> horizontal() {
        // nmap -p 22 over a range: one port, many addresses, most silent or refusing.
        return Combinators.combine(
                        Arbitraries.longs().between(64, 65_536),
                        Arbitraries.doubles().between(0.5, 1.0))
                .as(
                        (addresses, failing) ->
                                window(
                                        0,
                                        addresses,
                                        addresses,
                                        addresses,
                                        1,
                                        addresses,
                                        Math.round(Math.ceil(addresses * failing)),
                                        List.of()));
    }

    @Property(tries = 300)
    void aVerticalScanIsFoundInItsOwnWindow(
            @ForAll("backup") List<FlowWindow> history, @ForAll("vertical") FlowWindow scan) {
        FlowBaseline b = new FlowBaseline();
        history.forEach(w -> FlowScanDetector.observe(b, w, POLICY));
        List<ScanFinding> found = FlowScanDetector.observe(b, at(history.size(), scan), POLICY);
        assertThat(found).extracting(ScanFinding::pattern).contains(ScanPattern.VERTICAL_SCAN);
    }

    @Provide
    Arbitrary<FlowWindow> vertical() {
        // nmap of one address's ports: closed ports answer RST, filtered ones nothing.
        return Combinators.combine(
                        Arbitraries.longs().between(50, 65_535),
                        Arbitraries.doubles().between(0.5, 1.0))
                .as(
                        (ports, failing) ->
                                window(
                                        0,
                                        ports,
                                        1,
                                        ports,
                                        ports,
                                        1,
                                        Math.round(Math.ceil(ports * failing)),
                                        List.of()));
    }

    @Test
    void sshBruteForceIsFoundButAFewSessionsAreNot() {
        FlowBaseline b = new FlowBaseline();
        var few = List.of(new FlowWindow.ServiceAttempts(22, 4, 4));
        assertThat(FlowScanDetector.observe(b, window(0, 4, 1, 1, 1, 1, 0, few), POLICY)).isEmpty();
        var hydra = List.of(new FlowWindow.ServiceAttempts(22, 40, 40));
        List<ScanFinding> found =
                FlowScanDetector.observe(b, window(1, 40, 1, 1, 1, 1, 0, hydra), POLICY);
        assertThat(found)
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.pattern()).isEqualTo(ScanPattern.BRUTE_FORCE);
                            assertThat(f.port()).isEqualTo(22);
                            assertThat(f.observed()).isEqualTo(40);
                            assertThat(f.threshold()).isEqualTo(20.0);
                        });
        // A port the policy does not watch is no login service.
        var web = List.of(new FlowWindow.ServiceAttempts(8443, 400, 400));
        assertThat(FlowScanDetector.observe(b, window(2, 400, 1, 1, 1, 1, 0, web), POLICY))
                .isEmpty();
    }

    @Test
    void answeredFanOutIsAScanOnlyPastTheCeiling() {
        FlowBaseline b = new FlowBaseline();
        // 300 web servers on 443, all answering: a crawler, not a scan.
        assertThat(
                        FlowScanDetector.observe(
                                b, window(0, 300, 300, 300, 1, 300, 3, List.of()), POLICY))
                .isEmpty();
        // 600 addresses on one port in 5 s, all answering: past the ceiling of 512.
        List<ScanFinding> found =
                FlowScanDetector.observe(b, window(1, 600, 600, 600, 1, 600, 0, List.of()), POLICY);
        assertThat(found)
                .extracting(ScanFinding::pattern)
                .containsExactly(ScanPattern.HORIZONTAL_SCAN);
        assertThat(found.get(0).threshold()).isEqualTo(512.0);
    }

    @Test
    void aGuestsOwnHistoryRaisesItsBarButNeverLowersIt() {
        FlowBaseline b = new FlowBaseline();
        // Six hours of a large crawler: 400 answered addresses on 443 every window.
        for (int i = 0; i < 6 * 720; i++) {
            assertThat(
                            FlowScanDetector.observe(
                                    b, window(i, 800, 400, 400, 1, 400, 8, List.of()), POLICY))
                    .isEmpty();
        }
        assertThat(b.horizontal()).isBetween(250.0, 400.0);
        // A busier minute, still answered: under five times its usual, not a scan.
        assertThat(
                        FlowScanDetector.observe(
                                b,
                                window(6 * 720, 1500, 1000, 1000, 1, 1000, 20, List.of()),
                                POLICY))
                .isEmpty();
        // The same guest infected: thousands of silent addresses on port 23.
        List<ScanFinding> found =
                FlowScanDetector.observe(
                        b, window(6 * 720 + 1, 5000, 5000, 5000, 1, 5000, 4900, List.of()), POLICY);
        assertThat(found)
                .extracting(ScanFinding::pattern)
                .containsExactly(ScanPattern.HORIZONTAL_SCAN);
        assertThat(found.get(0).baseline()).isGreaterThan(250.0);
        // A new guest is judged by the policy's figure alone.
        assertThat(
                        FlowScanDetector.observe(
                                new FlowBaseline(),
                                window(0, 70, 70, 70, 1, 64, 40, List.of()),
                                POLICY))
                .extracting(ScanFinding::threshold)
                .containsExactly(64.0);
    }

    @Test
    void aScanIsNotLearnedAndAReplayedWindowIsNotLearnedTwice() {
        FlowBaseline b = new FlowBaseline();
        FlowWindow scan = window(0, 5000, 5000, 5000, 1, 5000, 4900, List.of());
        for (int i = 0; i < 10; i++) {
            assertThat(FlowScanDetector.observe(b, scan, POLICY)).isNotEmpty();
        }
        assertThat(b.horizontal()).isZero();
        FlowWindow quiet = window(1, 10, 5, 5, 1, 5, 0, List.of());
        FlowScanDetector.observe(b, quiet, POLICY);
        double once = b.horizontal();
        FlowScanDetector.observe(b, quiet, POLICY);
        assertThat(b.horizontal()).isEqualTo(once);
        assertThat(FlowBaseline.restore(b.snapshot()).snapshot()).isEqualTo(b.snapshot());
    }

    private static FlowWindow at(int i, FlowWindow w) {
        Instant start = T0.plus(WINDOW.multipliedBy(i));
        return new FlowWindow(
                start,
                start.plus(WINDOW),
                w.newFlows(),
                w.distinctDestinations(),
                w.distinctDestinationPorts(),
                w.maxPortsOnOneDestination(),
                w.maxDestinationsOnOnePort(),
                w.failed(),
                w.services());
    }

    private static List<FlowWindow> renumber(List<FlowWindow> ws) {
        List<FlowWindow> out = new ArrayList<>();
        for (int i = 0; i < ws.size(); i++) {
            out.add(at(i, ws.get(i)));
        }
        return out;
    }
}

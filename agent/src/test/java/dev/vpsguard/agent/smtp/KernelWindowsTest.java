package dev.vpsguard.agent.smtp;

import static dev.vpsguard.agent.smtp.CountingListingTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.smtp.CountingListing.Counts;
import dev.vpsguard.agent.smtp.CountingListing.Dest;
import dev.vpsguard.agent.smtp.CountingListing.Flow;
import dev.vpsguard.agent.smtp.CountingListing.Pending;
import dev.vpsguard.agent.smtp.CountingRules.Generation;
import dev.vpsguard.protocol.FlowWindow;
import dev.vpsguard.protocol.SmtpWindow;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelWindowsTest {
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final InetAddress G101 = ip("198.51.100.101");
    static final InetAddress G101B = ip("2001:db8::101");
    static final InetAddress STRANGER = ip("198.51.100.99");
    static final SourceAttribution WHO =
            a -> a.equals(G101) || a.equals(G101B) ? 101 : SourceAttribution.UNATTRIBUTED;

    private final KernelWindows windows = new KernelWindows(65_536, T0);

    @Test
    void theCapturedGenerationGivesTheGuestsSmtpAndFlowWindows() {
        CountingListing l =
                CountingListing.parse(Fixtures.resource("/nft/watch-counting-swapped.json"));
        windows.baseline(List.of());

        SmtpWindows w =
                windows.close(
                        l.generations().get(Generation.A), l.pending(), WHO, T0, T0.plusSeconds(5));

        SmtpWindow smtp = w.forGuest(101);
        // Both families of the guest: 20 + 6 attempts, 13 + 4 answered, 3 + 2 reset, one still
        // waiting for its answer.
        assertThat(smtp.newConnections()).isEqualTo(26);
        assertThat(smtp.established()).isEqualTo(17);
        assertThat(smtp.resetOrRefused()).isEqualTo(5);
        assertThat(smtp.unreplied()).isEqualTo(26 - 17 - 5 - 1);
        assertThat(smtp.distinctDestinations()).isEqualTo(5);
        assertThat(smtp.distinctPrefixes()).isEqualTo(2);
        assertThat(smtp.recent().destinations()).isEqualTo(5);
        assertThat(smtp.bytesSent()).isNull();
        FlowWindow flows = w.flowsOf(101);
        assertThat(flows.newFlows()).isEqualTo(29);
        assertThat(flows.distinctDestinations()).isEqualTo(5);
        // .202 on 25, 53 and ICMP (0); .203 and .204 on 25; .204 on 514; two IPv6 on 25.
        assertThat(flows.distinctDestinationPorts()).isEqualTo(8);
        assertThat(flows.maxPortsOnOneDestination()).isEqualTo(3);
        assertThat(flows.maxDestinationsOnOnePort()).isEqualTo(5);
        // TCP and UDP: 26 + 2 attempts, 17 answered, one waiting.
        assertThat(flows.failed()).isEqualTo(28 - 17 - 1);
        assertThat(w.flowsOf(102))
                .isEqualTo(new FlowWindow(T0, T0.plusSeconds(5), 0, 0, 0, 0, 0, 0, List.of()));
    }

    @Test
    void anAttemptWaitingAtTheCloseFailsInTheWindowOfItsDeadlineOrIsAnswered() {
        Gen g = new Gen().flow(G101, "tcp", 25, 3).dest(G101, "192.0.2.1", "tcp", 25, 3);
        g.answered(G101, "tcp", 25, 1);
        List<Pending> waiting = List.of(new Pending(G101, "tcp", 25), new Pending(G101, "tcp", 25));
        SmtpWindow first =
                windows.close(g.counts(), waiting, WHO, T0, T0.plusSeconds(5)).forGuest(101);
        assertThat(first.unreplied()).isZero();
        assertThat(first.established()).isEqualTo(1);

        // One answered in time (counted in this generation), the other's deadline passed.
        Gen next = new Gen().answered(G101, "tcp", 25, 1);
        SmtpWindows second =
                windows.close(next.counts(), List.of(), WHO, T0.plusSeconds(5), T0.plusSeconds(10));
        assertThat(second.forGuest(101).unreplied()).isEqualTo(1);
        assertThat(second.forGuest(101).established()).isEqualTo(1);
        assertThat(second.flowsOf(101).failed()).isEqualTo(1);
        assertThat(second.forGuest(101).newConnections()).isZero();
    }

    @Test
    void aHorizontalScanAVerticalScanAndBruteForceShowInTheirMaxima() {
        Gen g = new Gen();
        for (int i = 1; i <= 200; i++) {
            g.dest(G101, "203.0.113." + i, "tcp", 22, 1);
        }
        for (int port = 1000; port < 1300; port++) {
            g.dest(G101, "192.0.2.7", "tcp", port, 1);
        }
        g.dest(G101, "192.0.2.8", "tcp", 3389, 40).dest(G101B, "192.0.2.8", "tcp", 3389, 10);
        g.flow(G101, "tcp", 0, 550);
        FlowWindow f =
                windows.close(g.counts(), List.of(), WHO, T0, T0.plusSeconds(5)).flowsOf(101);

        assertThat(f.maxDestinationsOnOnePort()).isEqualTo(200);
        assertThat(f.maxPortsOnOneDestination()).isEqualTo(300);
        assertThat(f.distinctDestinations()).isEqualTo(202);
        assertThat(f.distinctDestinationPorts()).isEqualTo(501);
        assertThat(f.services())
                .containsExactly(
                        new FlowWindow.ServiceAttempts(22, 200, 1),
                        new FlowWindow.ServiceAttempts(3389, 50, 50));
        assertThat(f.failed()).as("none answered, none waiting").isEqualTo(550);
    }

    @Test
    void aSourceNoGuestOwnsCountsInTheUnattributedWindowAndHasNoFlowWindow() {
        Gen g = new Gen().flow(STRANGER, "tcp", 25, 4).dest(STRANGER, "192.0.2.1", "tcp", 25, 4);
        SmtpWindows w = windows.close(g.counts(), List.of(), WHO, T0, T0.plusSeconds(5));
        assertThat(w.unattributed().newConnections()).isEqualTo(4);
        assertThat(w.unattributed().unreplied()).isEqualTo(4);
        assertThat(w.flows()).isEmpty();
        assertThat(w.byGuest()).isEmpty();
    }

    @Test
    void aLateAnswerNeverMakesFailuresNegative() {
        // An answer counted in a window whose attempt was made before the agent's start.
        Gen g = new Gen().answered(G101, "tcp", 25, 2);
        SmtpWindows w = windows.close(g.counts(), List.of(), WHO, T0, T0.plusSeconds(5));
        assertThat(w.forGuest(101).unreplied()).isZero();
        assertThat(w.forGuest(101).established()).isEqualTo(2);
        assertThat(w.flowsOf(101).failed()).isZero();
    }

    /** One generation's sets, built by hand. */
    private static final class Gen {
        final List<Flow> flows = new ArrayList<>();
        final List<Dest> dests = new ArrayList<>();
        final List<Flow> answered = new ArrayList<>();
        final Map<InetAddress, Long> refused = new HashMap<>();

        Gen flow(InetAddress source, String protocol, int port, long n) {
            flows.add(new Flow(source, protocol, port, n));
            return this;
        }

        Gen dest(InetAddress source, String destination, String protocol, int port, long n) {
            dests.add(new Dest(source, ip(destination), protocol, port, n));
            return this;
        }

        Gen answered(InetAddress source, String protocol, int port, long n) {
            answered.add(new Flow(source, protocol, port, n));
            return this;
        }

        Counts counts() {
            return new Counts(flows, dests, answered, refused);
        }
    }
}

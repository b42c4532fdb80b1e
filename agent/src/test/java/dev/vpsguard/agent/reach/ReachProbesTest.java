package dev.vpsguard.agent.reach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.enforce.SystemCommandRunner;
import dev.vpsguard.agent.inventory.ProxmoxInventory;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestReach;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.testing.FakeProxmoxHost;
import dev.vpsguard.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rounds of probes over a fixture host whose fake {@code qm} records each command line: only
 * running VMs with the guest agent enabled are pinged, with the exact argv, and the report's
 * running guests carry the confirmed state.
 */
class ReachProbesTest {
    static final Instant T0 = Instant.parse("2027-02-05T10:00:00Z");

    @TempDir Path dir;
    MutableClock clock;
    FakeProxmoxHost host;
    ReachProbes probes;

    @BeforeEach
    void host() {
        clock = new MutableClock(T0);
        host = FakeProxmoxHost.create(dir, "pve-sla", clock);
        host.vm(101, "web-01", true);
        host.vm(102, "no-agent", false);
        host.vm(103, "stopped", true);
        host.qm("root@pam", "start", "101");
        host.qm("root@pam", "start", "102");
        probes =
                new ReachProbes(
                        host.root(),
                        new ProxmoxInventory(host.root(), clock),
                        new GuestAgentPing(
                                new SystemCommandRunner(
                                        List.of(), host.environment(), Duration.ofSeconds(10))),
                        new ReachTracker(3, Duration.ofMinutes(3)),
                        clock);
    }

    private Report report() {
        List<GuestSample> guests =
                List.of(
                        sample(101, GuestStatus.RUNNING),
                        sample(102, GuestStatus.RUNNING),
                        sample(103, GuestStatus.STOPPED));
        return new Report(
                ProtocolJson.VERSION,
                "pve-sla",
                1,
                clock.instant(),
                new HostSample(null, null, null, null, null, null, null, null, null, null, null),
                guests,
                null,
                null,
                "3f2b8c1e-7d4a-4e0b-9c55-0a1b2c3d4e5f");
    }

    private static GuestSample sample(int vmid, GuestStatus status) {
        return new GuestSample(
                vmid, GuestKind.QEMU, "g" + vmid, status, 2, 2L << 30, List.of(), null, null);
    }

    @Test
    void pingsOnlyRunningVmsWithTheGuestAgentThroughTheExactCommandLine() {
        probes.runOnce();
        assertThat(host.argv())
                .containsExactly("qm start 101", "qm start 102", "qm guest cmd 101 ping");
        Report r = probes.addTo(report());
        assertThat(r.guests().get(0).reach()).isEqualTo(new GuestReach("guest-agent", true, T0));
        assertThat(r.guests().get(1).reach()).as("no guest agent: not probed").isNull();
        assertThat(r.guests().get(2).reach()).isNull();
    }

    @Test
    void aGuestAgentSilentForThreeRoundsIsUnansweredFromTheFirst() {
        probes.runOnce();
        host.guestAgentAnswers(101, false);
        for (int i = 1; i <= 3; i++) {
            clock.advance(Duration.ofMinutes(1));
            probes.runOnce();
        }
        assertThat(probes.addTo(report()).guests().get(0).reach())
                .isEqualTo(new GuestReach("guest-agent", false, T0.plus(Duration.ofMinutes(1))));
        host.qm("root@pam", "stop", "101");
        probes.runOnce();
        assertThat(probes.addTo(report()).guests().get(0).reach())
                .as("a stopped VM is forgotten")
                .isNull();
    }
}

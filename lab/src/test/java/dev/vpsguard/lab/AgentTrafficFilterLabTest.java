package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.protocol.PortFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A contract's port filter enforced by the real agent: the filtered ports of one guest go
 * unanswered while its other traffic, and the same ports from another guest, still flow; a hand
 * flush of the guest's chain is repaired, a restart with the server down restores the filter from
 * the persisted state; lifting the filter restores the ports.
 */
class AgentTrafficFilterLabTest {
    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(() -> Lab.builder().guestInSubnet(101).guestInSubnet(103));

    private static final Duration ONE_CYCLE = Duration.ofMillis(2500);

    @Test
    void aFilteredPortIsUnreachableWhileOtherTrafficFlows(Lab lab) {
        LabGuest filtered = lab.guest(101);
        LabGuest bystander = lab.guest(103);
        String router = Lab.ROUTER_ADDRESS;
        // The agent's processes are spawned in the lab and end with its teardown.
        LabAgent agent = new LabAgent(lab);
        try (LabSink sink =
                LabSink.start(lab, List.of(router + ":23", router + ":80", router + ":445"))) {
            agent.desire(state(1));
            agent.startServer();
            agent.startAgent();
            agent.awaitAck(1, Duration.ofSeconds(30));
            assertThat(greeting(lab, filtered, 23)).startsWith("220 ");

            DesiredAction filter =
                    DesiredAction.trafficFilter(
                            "filter-101",
                            101,
                            new PortFilter(List.of("23", "135-139", "445"), null, null, null),
                            null,
                            null);
            agent.desire(state(2, filter));
            EnforcementAck ack = agent.awaitAck(2, Duration.ofSeconds(15));
            assertThat(ack.results())
                    .extracting(ActionResult::status)
                    .containsOnly(ActionStatus.APPLIED);

            assertThat(greeting(lab, filtered, 23)).isEqualTo("TIMEOUT");
            assertThat(greeting(lab, filtered, 445)).isEqualTo("TIMEOUT");
            assertThat(greeting(lab, filtered, 80)).startsWith("220 ");
            assertThat(greeting(lab, bystander, 23)).startsWith("220 ");

            lab.exec(lab.hv(), "nft", "flush", "chain", "bridge", "vpsguard", "guest_101_out")
                    .orThrow();
            LabPoll.until(
                    ONE_CYCLE.plusSeconds(2),
                    () ->
                            lab.exec(
                                            lab.hv(),
                                            "nft",
                                            "list",
                                            "chain",
                                            "bridge",
                                            "vpsguard",
                                            "guest_101_out")
                                    .output()
                                    .contains("tcp dport { 23, 135-139, 445 } drop"),
                    () -> "guest_101_out repaired");
            assertThat(greeting(lab, filtered, 23)).isEqualTo("TIMEOUT");

            // Restart without the server and without the tables: the persisted filter returns.
            agent.kill();
            lab.exec(lab.hv(), "nft", "delete", "table", "bridge", "vpsguard").orThrow();
            assertThat(greeting(lab, filtered, 23)).startsWith("220 ");
            agent.stopServer();
            agent.startAgent();
            LabPoll.until(
                    Duration.ofSeconds(30),
                    () -> greeting(lab, filtered, 23).equals("TIMEOUT"),
                    () -> "the persisted filter again; agent:\n" + agent.agent().output());
            assertThat(greeting(lab, filtered, 80)).startsWith("220 ");
            agent.startServer();

            agent.desire(state(3));
            agent.awaitAck(3, Duration.ofSeconds(15));
            assertThat(greeting(lab, filtered, 23)).startsWith("220 ");
        }
    }

    private static String greeting(Lab lab, LabGuest guest, int port) {
        return LabSmtpProbe.greeting(lab, guest, Lab.ROUTER_ADDRESS, port);
    }

    private static DesiredState state(long version, DesiredAction... actions) {
        return new DesiredState(version, Instant.parse("2026-11-23T00:00:00Z"), List.of(actions));
    }
}

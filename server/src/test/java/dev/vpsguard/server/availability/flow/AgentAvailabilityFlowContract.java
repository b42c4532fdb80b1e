package dev.vpsguard.server.availability.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.agent.AgentRuntime;
import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.availability.service.LedgerCloser;
import dev.vpsguard.testing.FakeProxmoxHost;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * February of one VM under the unixo contract, end to end: the real agent (its Proxmox inventory,
 * sampler, task log reader, guest agent probes and report loop, in-process) watches a fixture host
 * whose fake {@code qm} starts and stops the VM and writes Proxmox's task list, and reports over
 * HTTP to the real server. The provider stops and starts the VM with {@code qm} (root@pam), the
 * customer shuts it down from Proxmox (client42@pve, in the task list), the agent is stopped while
 * the host reboots, and the VM's guest agent stops answering for 45 minutes. Time is one fake clock
 * shared by agent and server, driven cycle by cycle ({@code runOnce}); the month closes on the
 * closer's {@code runOnce()} and the ledger shows the availability and the credit.
 */
abstract class AgentAvailabilityFlowContract {
    /**
     * The agent reports every 23 hours between events, under a 24-hour silence limit: the same
     * rules as every 5 seconds under 5 minutes, in 40-odd reports instead of 500 000.
     */
    static final Duration STEP = Duration.ofHours(23);

    static final int VMID = 101;

    abstract Map<String, Object> database() throws Exception;

    void stopDatabase() throws Exception {}

    @TempDir Path dir;

    private TestServer server;
    private FakeProxmoxHost host;
    private HostCredential credential;
    private AgentRuntime agent;
    private Instant last;

    @Test
    void providerStopsCustomerStopHostSilenceAndAnUnreachableGuestEndInTheRightLedger()
            throws Exception {
        try {
            Map<String, Object> props = new HashMap<>(database());
            props.put("vpsguard.hosts.silent-after", "24h");
            server = TestServer.start(props);
            try {
                run();
            } finally {
                if (agent != null) {
                    agent.close();
                }
                server.close();
            }
        } finally {
            stopDatabase();
        }
    }

    private void run() throws Exception {
        server.clock().set(at("2027-01-31T22:00:00Z"));
        Agents.Enrolled enrolled = Agents.enroll(server, "pve-sla");
        credential = new HostCredential(enrolled.hostId(), enrolled.credential());
        host = FakeProxmoxHost.create(dir.resolve("host"), "pve-sla", server.clock());
        host.vm(VMID, "web-01", true);
        assertThat(host.qm("root@pam", "start", "101")).isZero();
        Flows.unixoTenant(server);
        startAgent();
        cycle(at("2027-01-31T22:00:00Z"));
        Flows.assign(server, Flows.firstGuest(server, credential.hostId()));

        // The provider stops the VM with qm for 30 minutes (counted).
        runUntil(at("2027-02-05T09:55:00Z"));
        qmAt("2027-02-05T09:59:59Z", "root@pam", "stop"); // the task ends at 10:00:00
        cycle(at("2027-02-05T10:05:00Z"));
        qmAt("2027-02-05T10:29:59Z", "root@pam", "start");
        cycle(at("2027-02-05T10:30:00Z"));

        // The customer shuts it down from Proxmox for five hours (not counted).
        runUntil(at("2027-02-10T07:55:00Z"));
        qmAt("2027-02-10T07:59:59Z", "client42@pve", "shutdown");
        cycle(at("2027-02-10T08:05:00Z"));
        runUntil(at("2027-02-10T12:55:00Z"));
        qmAt("2027-02-10T12:59:59Z", "client42@pve", "start");
        cycle(at("2027-02-10T13:00:00Z"));

        // The agent stops at 18:00; the host, down, boots the next day at 16:00 (its VM started
        // again on boot) and the agent reports again at 19:00: 22 hours down, three silent (all
        // counted).
        runUntil(at("2027-02-14T18:00:00Z"));
        agent.close();
        agent = null;
        server.clock().set(at("2027-02-15T16:00:00Z"));
        host.booted(at("2027-02-15T16:00:00Z"));
        host.powerLoss();
        assertThat(host.qm("root@pam", "start", "101")).isZero();
        startAgent();
        cycle(at("2027-02-15T19:00:00Z"));

        // The VM runs but its guest agent stops answering at 02:00, for 45 minutes (counted).
        runUntil(at("2027-02-20T01:59:00Z"));
        host.guestAgentAnswers(VMID, false);
        for (String t : List.of("02:00", "02:01", "02:02")) {
            server.clock().set(at("2027-02-20T" + t + ":00Z"));
            agent.probeReachOnce();
        }
        cycle(at("2027-02-20T02:05:00Z"));
        host.guestAgentAnswers(VMID, true);
        cycle(at("2027-02-20T02:45:00Z"));
        runUntil(at("2027-03-01T00:00:00Z"));

        assertThat(host.argv())
                .as("the fake qm saw the probes with their exact command line")
                .contains("qm guest cmd 101 ping", "qm shutdown 101", "qm stop 101");
        JsonNode month = Flows.february(server, Flows.firstGuest(server, credential.hostId()));
        Map<String, Long> byCause = Flows.secondsByState(month);
        assertThat(byCause)
                .as(month.toPrettyString())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "provider_stop", 30 * 60L,
                                "customer_stop", 300 * 60L,
                                "host_down", 1320 * 60L,
                                "host_silent", 180 * 60L,
                                "unreachable", 45 * 60L));
        assertThat(month.toString())
                .contains("qmstop by root@pam")
                .contains("qmshutdown by client42@pve")
                .contains("QEMU guest agent");

        LedgerCloser closer = server.context().getBean(LedgerCloser.class);
        server.clock().set(at("2027-03-01T04:59:00Z"));
        assertThat(closer.runOnce()).as("not before the grace").isEmpty();
        server.clock().set(at("2027-03-01T05:00:00Z"));
        assertThat(closer.runOnce()).hasSize(1);
        JsonNode ledger = Flows.ledger(server);
        assertThat(ledger).hasSize(1);
        JsonNode feb = ledger.get(0);
        assertThat(feb.get("month").asText()).isEqualTo("2027-02");
        // 30 + 1320 + 180 + 45 minutes counted; the customer's five hours are not.
        assertThat(feb.get("downtimeSeconds").asLong()).isEqualTo(1575 * 60);
        assertThat(feb.get("periodSeconds").asLong()).isEqualTo(28 * 86400);
        // (2 419 200 - 94 500) / 2 419 200 = 96.09375 %, shown rounded down: below 99 %, the
        // 25 % credit of the 120.00 monthly fee
        assertThat(feb.get("availabilityPercent").decimalValue()).isEqualByComparingTo("96.0937");
        assertThat(feb.get("creditPercent").asInt()).isEqualTo(25);
        assertThat(feb.get("credit").decimalValue()).isEqualByComparingTo("30.00");
        assertThat(feb.get("missed").asBoolean()).isTrue();
    }

    private void startAgent() throws Exception {
        Path state = dir.resolve("agent");
        AgentConfig config =
                new AgentConfig(
                        new AgentConfig.Server(
                                server.uri(""),
                                state.resolve("credential"),
                                null,
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(30)),
                        Duration.ofSeconds(300),
                        host.root(),
                        new AgentConfig.Inventory(AgentConfig.InventoryMode.PROXMOX, List.of()),
                        new AgentConfig.Spool(state.resolve("spool"), 1 << 20, 10),
                        new AgentConfig.Metrics(InetAddress.getLoopbackAddress(), 0),
                        state.resolve("state"),
                        AgentConfig.Enforcement.DISABLED,
                        AgentConfig.Smtp.DISABLED);
        agent =
                new AgentRuntime(
                        config,
                        credential,
                        server.clock(),
                        new CollectorRegistry(),
                        host.environment());
    }

    /** One agent cycle at {@code t}: a round of probes, then a report sent to the server. */
    private void cycle(Instant t) throws IOException {
        server.clock().set(t);
        agent.probeReachOnce();
        agent.loop().runOnce();
        // Taken: the spool keeps what the server did not confirm, set aside under rejected/.
        try (Stream<Path> left = Files.walk(dir.resolve("agent/spool"))) {
            assertThat(left.filter(Files::isRegularFile).map(Path::toString).toList())
                    .as("reports not taken at %s", t)
                    .isEmpty();
        }
        last = t;
    }

    private void runUntil(Instant end) throws IOException {
        for (Instant t = last.plus(STEP); t.isBefore(end); t = t.plus(STEP)) {
            cycle(t);
        }
        cycle(end);
    }

    private void qmAt(String t, String user, String command) {
        server.clock().set(at(t));
        assertThat(host.qm(user, command, Integer.toString(VMID))).isZero();
    }

    private static Instant at(String t) {
        return Instant.parse(t);
    }
}

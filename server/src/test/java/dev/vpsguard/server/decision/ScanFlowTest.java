package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.DrivenOutbox;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.ResourceAgent.Use;
import dev.vpsguard.server.notify.webhook.Receiver;
import dev.vpsguard.server.policy.PolicyException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports carrying outbound flow counts, through real HTTP ingest on H2: a horizontal scan is found
 * in the report that carries it, climbs the guest's scan ladder and reaches support (a real HTTP
 * webhook receiver) and the customer (GreenMail) with the evidence and the clause; a crawler's
 * report yields nothing; the contract's port filters reach the agent as {@code traffic_filter} in
 * the reply, but only once the agent has shown it understands them.
 */
class ScanFlowTest {
    @TempDir Path policies;
    private Receiver hooks;
    private GreenMail mail;
    private TestServer server;
    private ResourceAgent agent;
    private DrivenOutbox outbox;

    @BeforeEach
    void start() throws Exception {
        hooks = new Receiver(() -> 204);
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        server =
                TestServer.start(
                        Map.ofEntries(
                                Map.entry("vpsguard.webhooks[0].name", "support"),
                                Map.entry("vpsguard.webhooks[0].url", hooks.url().toString()),
                                Map.entry("vpsguard.webhooks[0].secret", TestServer.WEBHOOK_SECRET),
                                Map.entry("vpsguard.mail.enabled", "true"),
                                Map.entry("vpsguard.mail.host", "127.0.0.1"),
                                Map.entry("vpsguard.mail.port", mail.getSmtp().getPort()),
                                Map.entry("vpsguard.mail.security", "NONE"),
                                Map.entry("vpsguard.mail.from", "Abuse <abuse@hoster.example>"),
                                Map.entry(
                                        "vpsguard.mail.support-address", "support@hoster.example"),
                                Map.entry(
                                        "vpsguard.isolation.allowed-destinations",
                                        List.of("192.0.2.53", "2001:db8::53"))));
        outbox = DrivenOutbox.of(server);
        agent = ResourceAgent.enroll(server);
    }

    @AfterEach
    void stop() {
        server.close();
        mail.stop();
        hooks.close();
    }

    @Test
    void aHorizontalScanIsFoundWarnedAndToldWithinTheReportThatCarriesIt() throws Exception {
        agent.assignTenant("unixo-1", "unixo-cloud", "en", "client@example.org");
        JsonNode reply = scanFor(ResourceAgent.INTERVAL);
        assertThat(reply.get("seq").asLong()).isEqualTo(agent.seq);

        // Before any other report: the finding, the ladder's warning, and their notifications.
        assertThat(server.queryLong("SELECT COUNT(*) FROM findings WHERE kind = 'horizontal_scan'"))
                .isEqualTo(1);
        String evidence =
                server.queryString("SELECT evidence FROM findings WHERE kind = 'horizontal_scan'");
        assertThat(Agents.json(evidence).get("observed").asLong()).isEqualTo(900);
        assertThat(Agents.json(evidence).get("threshold").asDouble()).isEqualTo(64.0);
        assertThat(agent.resources().get("quotas").get("scan").get("level").asText())
                .isEqualTo("warn");
        outbox.deliverDue();
        JsonNode warning = hook("resource_warning");
        assertThat(warning.get("quota").asText()).isEqualTo("scan");
        assertThat(warning.get("evidence").get("observed").asDouble()).isEqualTo(900.0);
        assertThat(warning.get("evidence").get("limit").asDouble()).isEqualTo(64.0);
        assertThat(warning.get("evidence").get("failureRatio").asDouble()).isEqualTo(0.98);
        assertThat(warning.get("clause").asText())
                .isEqualTo("UNIXO - UNIXOCLOUD, article 8, Annexe 1");
        assertThat(Mailbox.received(mail, "scans or attacks other servers"))
                .contains("the way a port scan or a password-guessing attack does")
                .contains("port scan or intrusion attempt")
                .contains("cut your server's network, and then to stop it")
                .doesNotContain("larger offer")
                .contains("900")
                .contains("Clause applied: UNIXO - UNIXOCLOUD, article 8, Annexe 1");
    }

    @Test
    void aScanThatGoesOnIsIsolatedAfterApprovalKeepingTheProvidersAddressesThenStopped() {
        agent.assignTenant("unixo-1", "unixo-cloud", "en", "client@example.org");
        scanFor(Duration.ofMinutes(15).plus(ResourceAgent.INTERVAL));
        // unixo-cloud: isolation waits for an operator; nothing is enforced meanwhile.
        JsonNode scan = agent.resources().get("quotas").get("scan");
        assertThat(scan.get("level").asText()).isEqualTo("warn");
        assertThat(scan.get("pending").asText()).isEqualTo("isolate");
        JsonNode waiting =
                agent.get("/api/v1/actions?state=awaiting_approval").get(0).get("action");
        assertThat(waiting.get("type").asText()).isEqualTo("isolate");
        var approved =
                server.postJson(
                        "/api/v1/actions/" + waiting.get("id").asText() + "/approve",
                        TestServer.ADMIN_TOKEN,
                        "{\"reason\":\"nmap running as www-data\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        JsonNode reply = scanFor(ResourceAgent.INTERVAL);
        JsonNode isolate = ResourceAgent.action(reply, "isolate");
        assertThat(isolate).as(reply.toString()).isNotNull();
        assertThat(isolate.get("allowedDestinations"))
                .extracting(JsonNode::asText)
                .containsExactly("192.0.2.53", "2001:db8::53");

        // Still scanning 15 minutes into its isolation: stopping the VM is asked for.
        scanFor(Duration.ofMinutes(15));
        scan = agent.resources().get("quotas").get("scan");
        assertThat(scan.get("level").asText()).isEqualTo("isolate");
        assertThat(scan.get("pending").asText()).isEqualTo("suspend");
        assertThat(ResourceAgent.action(scanFor(ResourceAgent.INTERVAL), "suspend")).isNull();
    }

    /** Reports a horizontal scan for {@code span}; returns the last reply. */
    private JsonNode scanFor(Duration span) {
        JsonNode last = null;
        for (long i = 0; i < span.dividedBy(ResourceAgent.INTERVAL); i++) {
            last =
                    agent.report(
                            null,
                            10,
                            Use.idle(),
                            Flows.horizontalScan(
                                    server.clock().instant().plus(ResourceAgent.INTERVAL), 900));
        }
        return last;
    }

    @Test
    void aCrawlersReportsYieldNothing() throws Exception {
        agent.assignTenant("unixo-1", "unixo-cloud", "en", "client@example.org");
        for (int i = 0; i < 20; i++) {
            agent.report(
                    null,
                    10,
                    Use.idle(),
                    Flows.crawler(server.clock().instant().plus(ResourceAgent.INTERVAL), 4000));
        }
        assertThat(server.queryLong("SELECT COUNT(*) FROM findings")).isZero();
        outbox.deliverDue();
        assertThat(hooks.delivered()).isEmpty();
        assertThat(mail.getReceivedMessages()).isEmpty();
        assertThat(server.queryLong("SELECT COUNT(*) FROM flow_baselines")).isEqualTo(1);
    }

    @Test
    void theContractsFiltersReachTheAgentOnlyOnceItShowsItUnderstandsThem() {
        agent.assignTenant("unixo-1", "unixo-cloud", "en", "client@example.org");
        // An agent that counts no flows may be older than traffic_filter: nothing is sent.
        JsonNode reply = agent.report(10, Use.idle());
        assertThat(ResourceAgent.action(reply, "traffic_filter")).isNull();
        assertThat(server.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'filter.withheld'"))
                .isEqualTo(1);
        agent.report(10, Use.idle());
        assertThat(server.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'filter.withheld'"))
                .as("told once, not every report")
                .isEqualTo(1);

        reply =
                agent.report(
                        null,
                        10,
                        Use.idle(),
                        Flows.crawler(server.clock().instant().plus(ResourceAgent.INTERVAL), 10));
        JsonNode filter = ResourceAgent.action(reply, "traffic_filter");
        assertThat(filter).as(reply.toString()).isNotNull();
        assertThat(filter.get("blockedPorts").get("outboundTcp"))
                .extracting(JsonNode::asText)
                .containsExactly("23", "135-139", "445", "6667");
        assertThat(filter.get("udpLimit").get("packetsPerSec").asLong()).isEqualTo(20000);
        assertThat(filter.get("icmpLimit").get("burstPackets").asLong()).isEqualTo(200);
        long version = ResourceAgent.version(reply);

        // Settled: later reports, with or without flows, keep the same action and version.
        reply = agent.report(10, Use.idle());
        assertThat(ResourceAgent.action(reply, "traffic_filter").get("id"))
                .isEqualTo(filter.get("id"));
        assertThat(ResourceAgent.version(reply)).isEqualTo(version);
    }

    @Test
    void aGuestWithoutAContractWithFiltersGetsNone() {
        JsonNode reply =
                agent.report(
                        null,
                        10,
                        Use.idle(),
                        Flows.crawler(server.clock().instant().plus(ResourceAgent.INTERVAL), 10));
        assertThat(ResourceAgent.action(reply, "traffic_filter")).isNull();
        assertThat(server.queryLong("SELECT COUNT(*) FROM agent_features")).isEqualTo(1);
    }

    @Test
    void aUdpLimitBelowTheGuaranteedFloorStopsStartupNamingFileKeyAndReason() throws Exception {
        Files.writeString(
                policies.resolve("tight.yml"),
                """
                contract: tight
                resources:
                  egress:
                    max_mbit_per_sec: 200
                    throttle_floor_mbit_per_sec: 100
                    clause: "test Art. 2"
                network:
                  filters:
                    clause: "test Art. 4"
                    udp_limit:
                      packets_per_sec: 1000
                """);
        PolicyException e = startupError();
        assertThat(e.file()).endsWith("tight.yml");
        assertThat(e.key()).isEqualTo("network.filters.udp_limit.packets_per_sec");
        assertThat(e.getMessage())
                .contains("undercuts the guaranteed bandwidth (R4)")
                .contains("12.0 Mbit/s")
                .contains("at least 8334 packets/s");
    }

    @Test
    void aMalformedScanThresholdStopsStartupNamingFileKeyAndReason() throws Exception {
        Files.writeString(
                policies.resolve("typo.yml"),
                """
                contract: typo
                network:
                  scans:
                    clause: "test Art. 8"
                    horizontal:
                      min_destinations: many
                """);
        PolicyException e = startupError();
        assertThat(e.file()).endsWith("typo.yml");
        assertThat(e.key()).isEqualTo("network.scans.horizontal.min_destinations");
        assertThat(e.getMessage()).contains("'many'");
    }

    private PolicyException startupError() {
        Throwable t =
                Assertions.catchThrowable(
                        () ->
                                TestServer.start(
                                                Map.of(
                                                        "vpsguard.policies.dir",
                                                        policies.toString()))
                                        .close());
        Throwable cause = t;
        while (cause != null && !(cause instanceof PolicyException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as(String.valueOf(t)).isInstanceOf(PolicyException.class);
        return (PolicyException) cause;
    }

    private JsonNode hook(String type) {
        for (Receiver.Request r : hooks.delivered()) {
            JsonNode n = Agents.json(new String(r.body(), StandardCharsets.UTF_8));
            if (n.get("type").asText().equals(type)) {
                return n;
            }
        }
        throw new AssertionError("no " + type + " webhook among " + hooks.delivered().size());
    }
}

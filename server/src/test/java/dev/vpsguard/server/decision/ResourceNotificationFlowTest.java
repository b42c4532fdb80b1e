package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.DrivenOutbox;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.ResourceAgent.Use;
import dev.vpsguard.server.notify.webhook.Receiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource decisions and the agent's acks reach support as webhooks (a real HTTP receiver on
 * loopback) and the customer as mail (GreenMail, a real SMTP server on loopback), through the
 * outbox written in the decision's own transaction.
 */
class ResourceNotificationFlowTest {
    static final String DRY_RUN_POLICY =
            ResourceAgent.egressPolicy("dry-run", "dry-run", "dry-run", "dry-run", "dry-run");

    @TempDir Path policies;
    private Receiver hooks;
    private GreenMail mail;
    private TestServer server;
    private ResourceAgent agent;
    private DrivenOutbox outbox;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(policies.resolve("dry-run.yml"), DRY_RUN_POLICY);
        hooks = new Receiver(() -> 204);
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        server =
                TestServer.start(
                        Map.ofEntries(
                                Map.entry("vpsguard.policies.dir", policies.toString()),
                                Map.entry("vpsguard.webhooks[0].name", "support"),
                                Map.entry("vpsguard.webhooks[0].url", hooks.url().toString()),
                                Map.entry(
                                        "vpsguard.webhooks[0].secret",
                                        "support-webhook-secret-0123456789"),
                                Map.entry("vpsguard.mail.enabled", "true"),
                                Map.entry("vpsguard.mail.host", "127.0.0.1"),
                                Map.entry("vpsguard.mail.port", mail.getSmtp().getPort()),
                                Map.entry("vpsguard.mail.security", "NONE"),
                                Map.entry("vpsguard.mail.from", "Abuse <abuse@hoster.example>"),
                                Map.entry(
                                        "vpsguard.mail.support-address",
                                        "support@hoster.example")));
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
    void warningThrottleAcksPendingIsolationAndLiftReachSupportAndTheCustomerWithTheNumbers()
            throws Exception {
        agent.assignTenant("mtds", "mtds-cloud", "fr", "client@example.org");
        agent.reportFor(
                Duration.ofMinutes(10).plus(ResourceAgent.INTERVAL), 20, Use.egressMbit(150));

        JsonNode warning = deliveredHooks("resource_warning", 1).get(0);
        assertThat(warning.get("quota").asText()).isEqualTo("egress");
        assertThat(warning.get("evidence").get("observed").asDouble()).isEqualTo(150.0);
        assertThat(warning.get("evidence").get("limit").asDouble()).isEqualTo(100.0);
        assertThat(warning.get("evidence").get("windowSeconds").asLong()).isEqualTo(600);
        assertThat(warning.get("clause").asText()).isEqualTo("MTDS - Serveur Cloud, Article 2");
        String warningMail = deliveredMail("dépasse son quota");
        assertThat(warningMail)
                .contains("trafic sortant : 150 Mbit/s (limite : 100 Mbit/s)")
                .contains("sur 10 minutes")
                .contains("Clause appliquée : MTDS - Serveur Cloud, Article 2")
                .contains("Rien n'a encore été limité");

        // The throttle decided at 30 min is told to nobody until the agent acks it.
        JsonNode reply = agent.reportFor(Duration.ofMinutes(20), 20, Use.egressMbit(150));
        JsonNode throttle = ResourceAgent.action(reply, "throttle_net");
        assertThat(throttle).as(reply.toString()).isNotNull();
        String id = throttle.get("id").asText();
        long version = ResourceAgent.version(reply);
        String error = "nft: Error: Could not process rule: No such file or directory";
        agent.report(ack(version, id, ActionStatus.FAILED, error), 20, Use.egressMbit(150));
        JsonNode failed = deliveredHooks("action_failed", 1).get(0);
        assertThat(failed.get("reason").asText()).isEqualTo(error);
        assertThat(failed.get("action").asText()).isEqualTo("throttle_net");
        assertThat(failed.get("guest").get("vmid").asInt()).isEqualTo(101);

        // A second identical ack changes nothing and tells nobody again. The guest keeps sending
        // 150 Mbit/s in these reports: the throttle does not contain it.
        agent.report(ack(version, id, ActionStatus.APPLIED, null), 20, Use.egressMbit(150));
        agent.report(ack(version, id, ActionStatus.APPLIED, null), 20, Use.egressMbit(150));
        JsonNode applied = deliveredHooks("action_applied", 1).get(0);
        assertThat(applied.get("action").asText()).isEqualTo("throttle_net");
        assertThat(applied.get("evidence").get("observed").asDouble()).isEqualTo(150.0);
        assertThat(applied.get("evidence").get("liftAfterSeconds").asLong()).isEqualTo(1800);
        assertThat(applied.get("evidence").get("cap").asDouble()).isEqualTo(100.0);
        assertThat(applied.get("clause").asText())
                .isEqualTo("MTDS - Serveur Cloud, Article 2; MTDS - Serveur Cloud, Article 4");
        String appliedMail = deliveredMail("Mesure appliquée");
        assertThat(appliedMail)
                .contains("limitation du débit réseau")
                .contains("trafic sortant : 150 Mbit/s (limite : 100 Mbit/s)")
                .contains("sur 30 minutes")
                .contains("Limite appliquée : 100 Mbit/s")
                .contains("Clause appliquée : MTDS - Serveur Cloud, Article 2")
                .contains("resté sous le quota pendant 30 minutes");

        // Still over the quota 15 min after the throttle: isolation is asked of support (approve
        // in mtds-cloud), with the finding of minute 50.
        agent.reportFor(Duration.ofMinutes(20), 20, Use.egressMbit(150));
        JsonNode pending = deliveredHooks("action_pending_approval", 1).get(0);
        assertThat(pending.get("action").asText()).isEqualTo("isolate");
        assertThat(pending.get("quota").asText()).isEqualTo("egress");
        assertThat(pending.get("evidence").get("observed").asDouble()).isEqualTo(150.0);

        // Back under the quota for 30 min (from the last sample over it): the throttle lifts and
        // the isolation request is withdrawn, on the 60th report.
        reply = agent.reportFor(Duration.ofMinutes(30), 20, Use.egressMbit(50));
        assertThat(reply.get("desiredState").get("actions")).isEmpty();
        JsonNode lifted = deliveredHooks("action_lifted", 1).get(0);
        assertThat(lifted.get("action").asText()).isEqualTo("throttle_net");
        assertThat(deliveredMail("Mesure levée"))
                .contains("resté sous son quota pendant 30 minutes : la mesure a été levée");
        assertThat(agent.get("/api/v1/actions?state=awaiting_approval")).isEmpty();

        outbox.settle();
        assertThat(hookTypes())
                .containsExactly(
                        "resource_warning",
                        "action_failed",
                        "action_applied",
                        "action_pending_approval",
                        "action_lifted");
        assertThat(mail.getReceivedMessages()).as("no mail for support-only events").hasSize(3);
    }

    @Test
    void dryRunIsToldToSupportAsWhatWouldHaveHappenedAndNeverEnforced() throws Exception {
        agent.assignTenant("trial", "dry-run", "en", "client@example.org");
        for (int i = 0; i < 120; i++) { // one hour at 150 Mbit/s
            JsonNode reply = agent.report(20, Use.egressMbit(150));
            assertThat(reply.get("desiredState").get("actions")).as("report %d", i).isEmpty();
        }
        List<JsonNode> dry = deliveredHooks("action_dry_run", 3);
        assertThat(dry.stream().map(n -> n.get("action").asText()))
                .containsExactly("warn", "throttle_net", "isolate");
        assertThat(dry.get(1).get("evidence").get("observed").asDouble()).isEqualTo(150.0);
        assertThat(dry.get(1).get("reason").asText()).contains("dry-run");
        assertThat(server.queryLong("SELECT COUNT(*) FROM actions")).isZero();
        // one finding every egress.sustained (10 min) while over: minutes 10, 20, 30, 40, 50
        assertThat(server.queryLong("SELECT COUNT(*) FROM findings WHERE kind = 'egress'"))
                .isEqualTo(5);
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM audit"
                                        + " WHERE action = 'resource.resource_action_dry_run'"))
                .isEqualTo(3);
        outbox.settle();
        assertThat(mail.getReceivedMessages()).as("the customer is told nothing").isEmpty();
        assertThat(hookTypes()).containsOnly("action_dry_run");
    }

    private EnforcementAck ack(long version, String id, ActionStatus status, String detail) {
        return new EnforcementAck(
                version, List.of(new ActionResult(id, status, detail, server.clock().instant())));
    }

    private List<String> hookTypes() {
        return hooks.delivered().stream()
                .map(r -> Agents.json(new String(r.body(), StandardCharsets.UTF_8)))
                .map(n -> n.get("type").asText())
                .toList();
    }

    /**
     * Delivers what is due, then returns the webhooks of {@code type} in order, at least {@code
     * count} of them.
     */
    private List<JsonNode> deliveredHooks(String type, int count) {
        outbox.deliverDue();
        List<JsonNode> found = new ArrayList<>();
        for (Receiver.Request r : hooks.delivered()) {
            JsonNode n = Agents.json(new String(r.body(), StandardCharsets.UTF_8));
            if (n.get("type").asText().equals(type)) {
                found.add(n);
            }
        }
        assertThat(found)
                .as("%d %s webhook(s); got %s", count, type, hookTypes())
                .hasSizeGreaterThanOrEqualTo(count);
        return found;
    }

    /** Delivers what is due, then returns the text of the customer's mail about {@code subject}. */
    private String deliveredMail(String subject) throws Exception {
        outbox.deliverDue();
        return Mailbox.received(mail, subject);
    }
}

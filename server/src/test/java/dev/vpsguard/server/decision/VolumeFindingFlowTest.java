package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.notify.webhook.Receiver;
import dev.vpsguard.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An undeclared newsletter (volume alone, every mail accepted) blocks nothing: support gets a
 * {@code volume_finding} webhook and the customer a mail asking to declare the sender, with the
 * evidence written in words, once per period (real server, GreenMail and an HTTP receiver on
 * loopback).
 */
class VolumeFindingFlowTest {
    private Receiver hooks;
    private GreenMail mail;
    private TestServer server;

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
                                Map.entry(
                                        "vpsguard.webhooks[0].secret",
                                        "support-webhook-secret-0123456789"),
                                Map.entry("vpsguard.outbox.poll-interval", "100ms"),
                                Map.entry("vpsguard.mail.enabled", "true"),
                                Map.entry("vpsguard.mail.host", "127.0.0.1"),
                                Map.entry("vpsguard.mail.port", mail.getSmtp().getPort()),
                                Map.entry("vpsguard.mail.security", "NONE"),
                                Map.entry("vpsguard.mail.from", "Abuse <abuse@hoster.example>"),
                                Map.entry(
                                        "vpsguard.mail.support-address",
                                        "support@hoster.example")));
    }

    @AfterEach
    void stop() {
        server.close();
        mail.stop();
        hooks.close();
    }

    @Test
    void anUndeclaredNewsletterIsAFindingForSupportAndAMailAskingToDeclareIt() throws Exception {
        LadderDriver agent = LadderDriver.enroll(server);
        agent.report(0, 101); // the guest exists from its first report
        ResourceAgent.assignTenant(
                server, agent.guestId(101), "shop", "default", "fr", Mailbox.CUSTOMER);
        JsonNode last = agent.newsletter(24, 101);
        assertThat(LadderDriver.smtpBlock(last, 101)).isNull();

        JsonNode hook = awaitHook("volume_finding");
        assertThat(hook.get("guest").get("vmid").asInt()).isEqualTo(101);
        assertThat(hook.get("strike").asInt()).isZero();
        assertThat(hook.get("clause").asText()).contains("S5");
        // Raised on the second window past the burst threshold, 30 s in: 75 in the last minute.
        assertThat(hook.get("evidence").get("connectionsPerMinute").asDouble()).isEqualTo(75);
        assertThat(hook.get("reason").asText()).contains("burst").contains("nothing was blocked");

        String text = Mailbox.await(mail, "Volume de courrier inhabituel");
        assertThat(text)
                .contains("rien n'a donc été bloqué")
                .contains(
                        "connexions ouvertes vers d'autres serveurs de messagerie (port 25) : 75"
                                + " par minute")
                .contains("serveurs de messagerie différents contactés : 400")
                .contains("tentatives de connexion refusées ou restées sans réponse : 0\u00a0%")
                .contains(
                        "rythme habituel de votre serveur, appris sur son historique : pas encore")
                .contains("déclarez ce serveur comme expéditeur de courrier")
                .doesNotContain("consecutiveWindows")
                .doesNotContain("newConnections10Min")
                .doesNotContain("thresholdMultiplier")
                .doesNotContain("score");

        // The newsletter goes on: no second notice within the period, still no block.
        last = agent.newsletter(24, 101);
        assertThat(LadderDriver.smtpBlock(last, 101)).isNull();
        assertThat(agent.findings(101, "spam_volume")).isEqualTo(1);
        assertThat(agent.ladder(101).get("strikesCounting").asInt()).isZero();
        assertThat(hookTypes()).containsOnlyOnce("volume_finding").doesNotContain("block_created");
    }

    private List<String> hookTypes() {
        return hooks.delivered().stream()
                .map(r -> Agents.json(new String(r.body(), StandardCharsets.UTF_8)))
                .map(n -> n.get("type").asText())
                .toList();
    }

    private JsonNode awaitHook(String type) {
        return Await.value(
                () -> "a " + type + " webhook; got " + hookTypes(),
                Duration.ofSeconds(20),
                () ->
                        hooks.delivered().stream()
                                .map(r -> Agents.json(new String(r.body(), StandardCharsets.UTF_8)))
                                .filter(n -> n.get("type").asText().equals(type))
                                .findFirst());
    }
}

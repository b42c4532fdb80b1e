package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.DrivenOutbox;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.notify.webhook.Receiver;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Support hears {@code strike3_reached} once, right after the {@code block_created} of the block
 * that lands on the contract's refusal rung, and never for an earlier strike (real server, real
 * HTTP receiver on loopback).
 */
class RefusalRungNotificationTest {
    @TempDir Path policies;

    @Test
    void theThirdBlockOfTheDefaultContractTellsSupportOnce() throws Exception {
        try (Receiver receiver = new Receiver(() -> 204);
                TestServer server = TestServer.start(props(receiver, Map.of()))) {
            DrivenOutbox outbox = DrivenOutbox.of(server);
            LadderDriver agent = LadderDriver.enroll(server);
            climb(server, agent, 3);
            outbox.deliverDue();
            List<JsonNode> events = blockEvents(receiver);
            assertThat(events)
                    .extracting(e -> e.get("type").asText() + ":" + e.get("strike").asInt())
                    .containsExactly(
                            "block_created:1",
                            "block_created:2",
                            "block_created:3",
                            "strike3_reached:3");
            assertThat(events.get(0).get("block").get("refusalStrike").asInt()).isEqualTo(3);
            JsonNode reached = events.get(3);
            assertThat(reached.get("guest").get("vmid").asInt()).isEqualTo(101);
            assertThat(reached.get("block").get("id").asText()).isEqualTo(agent.activeBlockId(101));
            assertThat(reached.get("block").get("unblockMode").asText()).isEqualTo("refused");
            assertThat(reached.get("clause").asText()).contains("S9");
            assertThat(reached.get("evidence").get("connectionsPerMinute").asDouble()).isPositive();
            assertThat(reached.get("id").asText()).isNotEqualTo(events.get(2).get("id").asText());
            // No mail channel row for it: the customer's block mail already says requests are
            // refused from this rung on.
            assertThat(
                            server.queryLong(
                                    "SELECT COUNT(*) FROM notify_outbox"
                                            + " WHERE notification_type = 'strike3_reached' AND channel = 'mail'"))
                    .isZero();
            // Nothing is left pending, so no later pass sends anything.
            outbox.settle();
            assertThat(blockEvents(receiver)).hasSize(4);
        }
    }

    @Test
    void aContractRefusingFromTheSecondBlockTellsSupportAtTheSecond() throws Exception {
        String strict;
        try (InputStream in =
                getClass().getClassLoader().getResourceAsStream("policies/default.yml")) {
            strict =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .replace("refusal_rung: 3", "refusal_rung: 2")
                            .replace(
                                    "min_duration: 24h\n      unblock: on_request",
                                    "min_duration: 24h\n      unblock: refused");
        }
        Files.writeString(policies.resolve("default.yml"), strict);
        try (Receiver receiver = new Receiver(() -> 204);
                TestServer server =
                        TestServer.start(
                                props(receiver, Map.of("vpsguard.policies.dir", policies)))) {
            DrivenOutbox outbox = DrivenOutbox.of(server);
            LadderDriver agent = LadderDriver.enroll(server);
            climb(server, agent, 2);
            outbox.deliverDue();
            assertThat(blockEvents(receiver))
                    .extracting(e -> e.get("type").asText() + ":" + e.get("strike").asInt())
                    .containsExactly("block_created:1", "block_created:2", "strike3_reached:2");
            // The events (and so the mails) carry the contract's refusal rung, not a fixed 3.
            assertThat(blockEvents(receiver).get(0).get("block").get("refusalStrike").asInt())
                    .isEqualTo(2);
        }
    }

    private static Map<String, Object> props(Receiver receiver, Map<String, Object> more) {
        Map<String, Object> p = new HashMap<>(TestServer.withWebhook(receiver.url()));
        p.putAll(more);
        return p;
    }

    /** Spam episodes until block {@code strikes}, each earlier block lifted on request. */
    private static void climb(TestServer server, LadderDriver agent, int strikes) {
        for (int strike = 1; strike <= strikes; strike++) {
            agent.spamUntilBlocked(101);
            assertThat(agent.ladder(101).get("activeBlock").get("strike").asInt())
                    .isEqualTo(strike);
            if (strike < strikes) {
                server.clock().advance(Duration.ofDays(8)); // past any rung's minimum
                var r =
                        agent.requestUnblock(
                                agent.activeBlockId(101), TestServer.ADMIN_TOKEN, "ok");
                assertThat(Agents.json(r.body()).get("outcome").asText())
                        .as(r.body())
                        .isEqualTo("granted");
                server.clock().advance(Duration.ofMinutes(20)); // past the detector's span
            }
        }
    }

    /** The block and strike events delivered, in order (unblock answers left out). */
    private static List<JsonNode> blockEvents(Receiver receiver) {
        return receiver.delivered().stream()
                .map(r -> Agents.json(new String(r.body(), StandardCharsets.UTF_8)))
                .filter(e -> !e.get("type").asText().startsWith("unblock_"))
                .toList();
    }
}

package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.DrivenOutbox;
import dev.vpsguard.server.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A report that starts an SMTP block reaches support as a signed webhook, through the outbox
 * written in the block's own transaction (real server, real HTTP receiver on loopback).
 */
class BlockNotificationFlowTest {
    private static final String SECRET = "support-webhook-secret-0123456789";

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private TestServer server;
    private DrivenOutbox outbox;

    record Received(String timestamp, String signature, String eventId, String body) {}

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext(
                "/hook",
                ex -> {
                    String body =
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    received.add(
                            new Received(
                                    ex.getRequestHeaders().getFirst("X-Vpsguard-Timestamp"),
                                    ex.getRequestHeaders().getFirst("X-Vpsguard-Signature"),
                                    ex.getRequestHeaders().getFirst("X-Vpsguard-Event-Id"),
                                    body));
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                });
        receiver.start();
        server =
                TestServer.start(
                        Map.of(
                                "vpsguard.webhooks[0].name",
                                "support",
                                "vpsguard.webhooks[0].url",
                                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                                "vpsguard.webhooks[0].secret",
                                SECRET));
        outbox = DrivenOutbox.of(server);
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.stop(0);
    }

    @Test
    void aNewBlockReachesSupportAsASignedWebhook() throws Exception {
        LadderDriver agent = LadderDriver.enroll(server);
        agent.spamUntilBlocked(101);

        outbox.deliverDue();
        assertThat(received.stream().filter(r -> r.body().contains("block_created")))
                .as("a block_created webhook")
                .hasSize(1);
        Received hook =
                received.stream().filter(r -> r.body().contains("block_created")).findFirst().get();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected =
                "sha256="
                        + HexFormat.of()
                                .formatHex(
                                        mac.doFinal(
                                                (hook.timestamp() + "." + hook.body())
                                                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(hook.signature()).isEqualTo(expected);
        JsonNode event = Agents.json(hook.body());
        assertThat(event.get("id").asText()).isEqualTo(hook.eventId());
        assertThat(event.get("type").asText()).isEqualTo("block_created");
        assertThat(event.get("guest").get("vmid").asInt()).isEqualTo(101);
        assertThat(event.get("strike").asInt()).isEqualTo(1);
        assertThat(event.get("evidence").get("connectionsPerMinute").asDouble()).isPositive();
        // Exactly one event for one decision, even though the dispatcher keeps polling: nothing is
        // left pending, so no later pass sends anything.
        outbox.settle();
        assertThat(received.stream().filter(r -> r.body().contains("block_created"))).hasSize(1);
    }
}

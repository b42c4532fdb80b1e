package dev.vpsguard.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.notify.publish.NotificationOutbox;
import dev.vpsguard.server.notify.webhook.Receiver;
import dev.vpsguard.testing.Await;
import io.micronaut.jdbc.DataSourceResolver;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter list through the API of a running server: a webhook the receiver refuses until
 * the give-up time becomes a dead letter that {@code GET /api/v1/notifications?state=dead} shows,
 * and that an operator's {@code POST .../retry} (audited) sends again, with the same event id.
 */
class NotificationApiTest {
    private final AtomicInteger status = new AtomicInteger(503);
    private Receiver receiver;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver(status::get);
        server =
                TestServer.start(
                        TestServer.withWebhook(
                                receiver.url(),
                                "vpsguard.outbox.poll-interval",
                                "20ms",
                                // The first failure schedules the next attempt 1 s later, which is
                                // the give-up time: a dead letter at once (the test clock stands).
                                "vpsguard.outbox.initial-delay",
                                "1s",
                                "vpsguard.outbox.jitter",
                                "0",
                                "vpsguard.outbox.give-up-after",
                                "1s"));
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    @Test
    void deadLetterIsListedAndAnOperatorRetrySendsItOnceWithTheSameId() throws Exception {
        Notification n = Notifications.of(NotificationType.HOST_SILENT, 101);
        enqueue(n);
        await(() -> get("/api/v1/notifications?state=dead", TestServer.ADMIN_TOKEN).size() == 1);

        String viewer = server.token("viewer");
        JsonNode dead = get("/api/v1/notifications?state=dead", viewer).get(0);
        assertThat(dead.get("notificationId").asText()).isEqualTo(n.id().toString());
        assertThat(dead.get("type").asText()).isEqualTo("host_silent");
        assertThat(dead.get("channel").asText()).isEqualTo("webhook:support");
        assertThat(dead.get("guestKey").asText()).isEqualTo("pve1/101");
        assertThat(dead.get("state").asText()).isEqualTo("dead");
        assertThat(dead.get("attempts").asInt()).isEqualTo(1);
        assertThat(dead.get("lastError").asText()).contains("HTTP 503");
        assertThat(dead.get("finishedAt").isNull()).isFalse();
        assertThat(get("/api/v1/notifications?state=pending", viewer)).isEmpty();
        assertThat(receiver.requests()).hasSize(1);
        long id = dead.get("id").asLong();

        String retryPath = "/api/v1/notifications/" + id + "/retry";
        assertThat(server.postJson(retryPath, viewer, "{}").statusCode()).isEqualTo(403);
        assertThat(receiver.requests()).hasSize(1);

        status.set(204); // support's endpoint is back
        String operator = server.token("operator");
        HttpResponse<String> retried = server.postJson(retryPath, operator, "{}");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(Agents.json(retried.body()).get("state").asText()).isEqualTo("pending");
        assertThat(Agents.json(retried.body()).get("attempts").asInt()).isZero();

        await(() -> !get("/api/v1/notifications?state=delivered", viewer).isEmpty());
        assertThat(get("/api/v1/notifications?state=dead", viewer)).isEmpty();
        assertThat(receiver.delivered())
                .singleElement()
                .extracting(r -> r.header("X-Vpsguard-Event-Id"))
                .isEqualTo(n.id().toString());
        assertThat(receiver.requests()).hasSize(2);

        HttpResponse<String> again = server.postJson(retryPath, operator, "{}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(TestServer.error(again).message()).contains("is delivered");
        assertThat(
                        server.postJson("/api/v1/notifications/999999/retry", operator, "{}")
                                .statusCode())
                .isEqualTo(404);

        JsonNode audit = get("/api/v1/audit?target=" + id, TestServer.ADMIN_TOKEN);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("action").asText()).isEqualTo("notification.retry");
        assertThat(audit.get(0).get("actor").asText()).startsWith("admin:");
        assertThat(audit.get(0).get("detail").get("text").asText())
                .contains(n.id().toString(), "webhook:support", "HTTP 503");
    }

    @Test
    void listRejectsAnUnknownStateAndAnOutOfRangeLimit() {
        HttpResponse<String> state =
                server.get("/api/v1/notifications?state=lost", TestServer.ADMIN_TOKEN);
        assertThat(state.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(state).field()).isEqualTo("state");
        HttpResponse<String> limit =
                server.get("/api/v1/notifications?limit=0", TestServer.ADMIN_TOKEN);
        assertThat(limit.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(limit).field()).isEqualTo("limit");
        assertThat(server.get("/api/v1/notifications", null).statusCode()).isEqualTo(401);
    }

    private void enqueue(Notification n) throws Exception {
        DataSource ds = server.context().getBean(DataSource.class);
        DataSource pool = server.context().getBean(DataSourceResolver.class).resolve(ds);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            server.context().getBean(NotificationOutbox.class).enqueue(c, n);
            c.commit();
        }
    }

    private JsonNode get(String path, String token) {
        HttpResponse<String> r = server.get(path, token);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return Agents.json(r.body());
    }

    private static void await(BooleanSupplier condition) {
        Await.until("a condition on the notifications", Duration.ofSeconds(20), condition);
    }
}

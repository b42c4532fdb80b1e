package dev.vpsguard.server.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationJson;
import dev.vpsguard.server.notify.Notifications;
import dev.vpsguard.server.notify.outbox.DeliveryException;
import dev.vpsguard.server.notify.outbox.OutboxItem;
import dev.vpsguard.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

public class WebhookSenderTest {
    private static final String SECRET = "s3cret-for-support-hooks";
    private final MutableClock clock = new MutableClock(Notifications.T0);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private WebhookSender sender(URI url, WebhookFormat format) {
        return new WebhookSender(
                new WebhookEndpoint("ops", url, SECRET, Set.of(), format),
                http,
                clock,
                Duration.ofSeconds(5));
    }

    /** An outbox item carrying {@code n}, as the dispatcher hands it to a sender. */
    public static OutboxItem itemOf(Notification n, String channel) {
        return new OutboxItem(
                1,
                n.id(),
                n.type().wireName(),
                channel,
                n.guestKey(),
                NotificationJson.write(n),
                OutboxItem.Status.PENDING,
                1,
                n.occurredAt(),
                n.occurredAt(),
                n.occurredAt(),
                null,
                null);
    }

    @Test
    void signatureVerifiesWithTheDocumentedAlgorithm() throws Exception {
        Notification n = Notifications.block(1, Language.FR, "client@example.org");
        try (Receiver r = new Receiver(() -> 204)) {
            sender(r.url(), WebhookFormat.JSON).deliver(itemOf(n, "webhook:ops"));
            Receiver.Request req = r.requests().get(0);
            String ts = req.header("X-Vpsguard-Timestamp");
            assertThat(ts).isEqualTo(Long.toString(Notifications.T0.getEpochSecond()));
            assertThat(req.header("X-Vpsguard-Event-Id")).isEqualTo(n.id().toString());
            // Recomputed as docs/webhooks.md tells receivers to, independently of the sender.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((ts + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(req.body()));
            assertThat(req.header("X-Vpsguard-Signature")).isEqualTo(expected);
            long now = Notifications.T0.getEpochSecond() + 100;
            assertThat(WebhookSignature.verify(SECRET, ts, expected, req.body(), now, 300))
                    .isTrue();
            assertThat(
                            WebhookSignature.verify(
                                    "other-secret-0000", ts, expected, req.body(), now, 300))
                    .isFalse();
            assertThat(WebhookSignature.verify(SECRET, ts, expected, req.body(), now + 400, 300))
                    .as("outside the 5 minute replay window")
                    .isFalse();
        }
    }

    @Test
    void jsonBodyCarriesTheEventFields() throws Exception {
        Notification n = Notifications.block(2, Language.EN, "client@example.org");
        try (Receiver r = new Receiver(() -> 200)) {
            sender(r.url(), WebhookFormat.JSON).deliver(itemOf(n, "webhook:ops"));
            JsonNode body = new ObjectMapper().readTree(r.requests().get(0).body());
            assertThat(body.path("id").asText()).isEqualTo(n.id().toString());
            assertThat(body.path("type").asText()).isEqualTo("block_created");
            assertThat(body.path("occurredAt").asText()).isEqualTo("2026-03-10T14:05:00Z");
            assertThat(body.path("host").path("id").asText()).isEqualTo("pve1");
            assertThat(body.path("guest").path("vmid").asInt()).isEqualTo(101);
            assertThat(body.path("guest").path("ips").get(0).asText()).isEqualTo("203.0.113.17");
            assertThat(body.path("tenant").path("language").asText()).isEqualTo("en");
            assertThat(body.path("strike").asInt()).isEqualTo(2);
            assertThat(body.path("evidence").path("connectionsPerMinute").asInt()).isEqualTo(412);
            assertThat(body.path("evidence").path("failureRatio").asDouble()).isEqualTo(0.63);
            assertThat(body.path("block").path("minimumUntil").asText())
                    .isEqualTo("2026-03-11T14:05:00Z");
            assertThat(body.has("links")).isTrue();
        }
    }

    @Test
    void slackFormatSendsOneTextField() throws Exception {
        Notification n = Notifications.block(3, Language.FR, "client@example.org");
        try (Receiver r = new Receiver(() -> 200)) {
            sender(r.url(), WebhookFormat.SLACK).deliver(itemOf(n, "webhook:ops"));
            JsonNode body = new ObjectMapper().readTree(r.requests().get(0).body());
            assertThat(body.size()).isEqualTo(1);
            assertThat(body.path("text").asText())
                    .contains(
                            "block_created", "shop-web", "vmid 101", "strike 3", "pve1.example.net")
                    .contains("connectionsPerMinute=412");
        }
    }

    @Test
    void non2xxAndUnreachableReceiversAreTransientFailures() throws Exception {
        Notification n = Notifications.block(1, Language.FR, "client@example.org");
        URI closed;
        try (Receiver r = new Receiver(() -> 503)) {
            assertThatThrownBy(() -> sender(r.url(), WebhookFormat.JSON).deliver(itemOf(n, "w")))
                    .isInstanceOfSatisfying(
                            DeliveryException.class, e -> assertThat(e.permanent()).isFalse())
                    .hasMessageContaining("HTTP 503");
            closed = r.url();
        }
        URI gone = closed;
        assertThatThrownBy(() -> sender(gone, WebhookFormat.JSON).deliver(itemOf(n, "w")))
                .isInstanceOfSatisfying(
                        DeliveryException.class, e -> assertThat(e.permanent()).isFalse());
    }

    @Test
    void endpointNeverPrintsItsSecret() {
        WebhookEndpoint e =
                new WebhookEndpoint(
                        "ops", URI.create("https://x/"), SECRET, Set.of(), WebhookFormat.JSON);
        assertThat(e.toString()).contains("ops").doesNotContain(SECRET);
    }

    @Test
    void endpointValidationNamesTheProblem() {
        assertThatThrownBy(
                        () ->
                                new WebhookEndpoint(
                                        "ops",
                                        URI.create("ftp://x/"),
                                        SECRET,
                                        Set.of(),
                                        WebhookFormat.JSON))
                .hasMessageContaining("url must be http or https, was ftp://x/");
        assertThatThrownBy(
                        () ->
                                new WebhookEndpoint(
                                        "ops",
                                        URI.create("https://x/"),
                                        "short",
                                        Set.of(),
                                        WebhookFormat.JSON))
                .hasMessageContaining("secret must have at least 16 characters");
    }
}

package dev.vpsguard.server.notify.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationJson;
import dev.vpsguard.server.notify.outbox.ChannelSender;
import dev.vpsguard.server.notify.outbox.DeliveryException;
import dev.vpsguard.server.notify.outbox.OutboxItem;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Delivers events to one support endpoint: a signed POST; any 2xx is delivered, anything else
 * (other status, timeout, refused connection) is retried by the outbox.
 */
public final class WebhookSender implements ChannelSender {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WebhookEndpoint endpoint;
    private final HttpClient client;
    private final Clock clock;
    private final Duration timeout;

    /**
     * @param client shared JDK client (its connect timeout applies)
     * @param timeout limit of one request, response included
     */
    public WebhookSender(
            WebhookEndpoint endpoint, HttpClient client, Clock clock, Duration timeout) {
        this.endpoint = endpoint;
        this.client = client;
        this.clock = clock;
        this.timeout = timeout;
    }

    public WebhookEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void deliver(OutboxItem item) throws DeliveryException {
        Notification n;
        try {
            n = NotificationJson.read(item.payload());
        } catch (IllegalArgumentException e) {
            throw DeliveryException.permanentFailure("unreadable payload: " + e.getMessage(), e);
        }
        byte[] body = body(n).getBytes(StandardCharsets.UTF_8);
        long ts = clock.instant().getEpochSecond();
        HttpRequest request =
                HttpRequest.newBuilder(endpoint.url())
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "vpsguard-webhook/1")
                        .header("X-Vpsguard-Event-Id", n.id().toString())
                        .header("X-Vpsguard-Timestamp", Long.toString(ts))
                        .header(
                                "X-Vpsguard-Signature",
                                WebhookSignature.sign(endpoint.secret(), ts, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        int status;
        try {
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw DeliveryException.transientFailure(
                    endpoint.url() + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.transientFailure("interrupted", e);
        }
        if (status < 200 || status > 299) {
            throw DeliveryException.transientFailure(
                    endpoint.url() + " answered HTTP " + status, null);
        }
    }

    /** The request body for this endpoint's format. */
    public String body(Notification n) {
        if (endpoint.format() == WebhookFormat.JSON) {
            return NotificationJson.write(n);
        }
        try {
            return MAPPER.writeValueAsString(Map.of("text", SlackText.of(n)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.vpsguard.server.notify.webhook;

import dev.vpsguard.server.notify.NotificationType;
import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * One support endpoint, validated.
 *
 * @param name unique name; the outbox channel is {@code webhook:<name>}
 * @param url where events are POSTed (http or https)
 * @param secret HMAC key for {@code X-Vpsguard-Signature}
 * @param events the types sent; empty means every type
 * @param format body format
 */
public record WebhookEndpoint(
        String name, URI url, String secret, Set<NotificationType> events, WebhookFormat format) {

    public WebhookEndpoint {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException(
                    "webhook name must be 1-100 of [A-Za-z0-9._-], was '" + name + "'");
        }
        Objects.requireNonNull(url, "url");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException(
                    "webhook '" + name + "' url must be http or https, was " + url);
        }
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException(
                    "webhook '" + name + "' secret must have at least 16 characters");
        }
        events = Set.copyOf(events == null ? Set.of() : events);
        format = format == null ? WebhookFormat.JSON : format;
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "WebhookEndpoint[name="
                + name
                + ", url="
                + url
                + ", events="
                + events
                + ", format="
                + format
                + "]";
    }

    /** The outbox channel of this endpoint. */
    public String channel() {
        return "webhook:" + name;
    }

    public boolean accepts(NotificationType type) {
        return events.isEmpty() || events.contains(type);
    }
}

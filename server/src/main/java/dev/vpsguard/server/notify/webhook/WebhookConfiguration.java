package dev.vpsguard.server.notify.webhook;

import dev.vpsguard.server.notify.NotificationType;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One entry of {@code vpsguard.webhooks[]} as written by the operator (docs/webhooks.md). {@link
 * #toEndpoint()} validates it.
 *
 * @param index position in the list
 * @param name unique name
 * @param url endpoint URL
 * @param secret HMAC secret, at least 16 characters
 * @param events type wire names; empty means all
 * @param format {@code json} (default) or {@code slack}
 */
@EachProperty(value = "vpsguard.webhooks", list = true)
public record WebhookConfiguration(
        @Parameter Integer index,
        @Nullable String name,
        @Nullable String url,
        @Nullable String secret,
        @Nullable List<String> events,
        @Nullable String format) {

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "WebhookConfiguration[index=" + index + ", name=" + name + ", url=" + url + "]";
    }

    /**
     * @throws IllegalArgumentException naming the key ({@code vpsguard.webhooks[i].x}), the value
     *     and why
     */
    public WebhookEndpoint toEndpoint() {
        String key = "vpsguard.webhooks[" + index + "]";
        try {
            Set<NotificationType> types = new LinkedHashSet<>();
            for (String e : events == null ? List.<String>of() : events) {
                types.add(NotificationType.fromWireName(e.trim()));
            }
            WebhookFormat f =
                    format == null || format.isBlank()
                            ? WebhookFormat.JSON
                            : WebhookFormat.valueOf(format.trim().toUpperCase(Locale.ROOT));
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("url is required");
            }
            return new WebhookEndpoint(name, URI.create(url.trim()), secret, types, f);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    key + " (name '" + name + "'): " + e.getMessage(), e);
        }
    }
}

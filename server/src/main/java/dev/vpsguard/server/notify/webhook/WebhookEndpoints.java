package dev.vpsguard.server.notify.webhook;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The configured endpoints, validated together (names are unique).
 *
 * @param all in configuration order
 */
public record WebhookEndpoints(List<WebhookEndpoint> all) {
    public WebhookEndpoints {
        all = List.copyOf(all);
        Set<String> names = new HashSet<>();
        for (WebhookEndpoint e : all) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException(
                        "vpsguard.webhooks: name '" + e.name() + "' is used twice");
            }
        }
    }

    /** Validates the operator's entries. */
    public static WebhookEndpoints of(List<WebhookConfiguration> configs) {
        return new WebhookEndpoints(
                configs.stream().map(WebhookConfiguration::toEndpoint).toList());
    }
}

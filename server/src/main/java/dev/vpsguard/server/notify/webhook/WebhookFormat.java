package dev.vpsguard.server.notify.webhook;

/** Body format of one webhook endpoint. */
public enum WebhookFormat {
    /** The vpsguard event (docs/webhooks.md). */
    JSON,
    /** {@code {"text": "..."}}, accepted by Slack and Mattermost incoming webhooks. */
    SLACK
}

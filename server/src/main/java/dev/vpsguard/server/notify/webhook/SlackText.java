package dev.vpsguard.server.notify.webhook;

import dev.vpsguard.server.notify.Notification;
import java.util.stream.Collectors;

/** One-message summary of an event for chat webhooks (Slack, Mattermost). English, for support. */
final class SlackText {
    private SlackText() {}

    static String of(Notification n) {
        StringBuilder s = new StringBuilder();
        s.append("[vpsguard] ").append(n.type().wireName()).append(": ");
        if (n.guest() == null) {
            s.append("host ")
                    .append(n.host().name())
                    .append(" (")
                    .append(n.host().id())
                    .append(')');
        } else {
            s.append("guest ").append(n.guest().name()).append(" (vmid ").append(n.guest().vmid());
            if (!n.guest().ips().isEmpty()) {
                s.append(", ").append(String.join(", ", n.guest().ips()));
            }
            s.append(") on host ").append(n.host().name());
            s.append(", tenant ").append(n.tenant().id());
        }
        if (n.strike() > 0) {
            s.append(", strike ").append(n.strike());
        }
        if (n.action() != null) {
            s.append(", action ").append(n.action());
        }
        if (n.quota() != null) {
            s.append(", quota ").append(n.quota());
        }
        if (n.clause() != null) {
            s.append(", clause: ").append(n.clause());
        }
        if (n.reason() != null) {
            s.append(", reason: ").append(n.reason());
        }
        if (!n.evidence().isEmpty()) {
            s.append("\nEvidence: ")
                    .append(
                            n.evidence().entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .collect(Collectors.joining(", ")));
        }
        n.links().forEach((k, v) -> s.append("\n").append(k).append(": ").append(v));
        s.append("\nEvent ").append(n.id()).append(" at ").append(n.occurredAt());
        return s.toString();
    }
}

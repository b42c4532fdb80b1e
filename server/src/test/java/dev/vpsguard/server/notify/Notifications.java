package dev.vpsguard.server.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sample notifications for tests. */
public final class Notifications {
    public static final Instant T0 = Instant.parse("2026-03-10T14:05:00Z");

    private Notifications() {}

    /** A strike-N SMTP block of guest 101 on host pve1, with evidence over 10 minutes. */
    public static Notification block(int strike, Language lang, String email) {
        Duration min =
                switch (strike) {
                    case 1 -> Duration.ofHours(1);
                    case 2 -> Duration.ofHours(24);
                    default -> Duration.ofDays(7);
                };
        return new Notification(
                UUID.randomUUID(),
                NotificationType.BLOCK_CREATED,
                T0,
                new Notification.Host("pve1", "pve1.example.net"),
                new Notification.Guest(101, "shop-web", List.of("203.0.113.17", "2001:db8::17")),
                new Notification.Tenant("t-42", email, lang),
                strike,
                Map.of(
                        Evidence.CONNECTIONS_PER_MINUTE, 412,
                        Evidence.DISTINCT_DESTINATIONS, 187,
                        Evidence.FAILURE_RATIO, 0.63,
                        Evidence.WINDOW_SECONDS, 600),
                new Notification.Block(
                        "blk-" + strike,
                        T0,
                        T0.plus(min),
                        strike >= 3 ? "refused" : "on_request",
                        "powerpos Article 8",
                        3),
                null,
                null,
                Map.of());
    }

    /** A notification of {@code type} for guest {@code vmid}. */
    public static Notification of(NotificationType type, int vmid) {
        Notification b = block(1, Language.FR, "client@example.org");
        return new Notification(
                UUID.randomUUID(),
                type,
                T0,
                b.host(),
                new Notification.Guest(vmid, "vm" + vmid, List.of("198.51.100." + (vmid % 250))),
                b.tenant(),
                b.strike(),
                b.evidence(),
                b.block(),
                null,
                null,
                Map.of());
    }
}

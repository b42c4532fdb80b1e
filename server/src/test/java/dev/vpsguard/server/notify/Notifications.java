package dev.vpsguard.server.notify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
    public static SmtpNotification.BlockCreated block(int strike, Language lang, String email) {
        Duration min =
                switch (strike) {
                    case 1 -> Duration.ofHours(1);
                    case 2 -> Duration.ofHours(24);
                    default -> Duration.ofDays(7);
                };
        return new SmtpNotification.BlockCreated(
                new Notification.About(
                        UUID.randomUUID(),
                        T0,
                        new Notification.Host("pve1", "pve1.example.net"),
                        new Notification.Guest(
                                101, "shop-web", List.of("203.0.113.17", "2001:db8::17")),
                        new Notification.Tenant("t-42", email, lang)),
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
                Map.of());
    }

    /**
     * A notification of {@code type} for guest {@code vmid} (a host-level type too, so that tests
     * of per-guest order can use it): strike 1, the block's evidence and block where the type has
     * them.
     */
    public static Notification of(NotificationType type, int vmid) {
        Notification b = block(1, Language.FR, "client@example.org");
        return typed(
                type,
                new Notification.About(
                        UUID.randomUUID(),
                        T0,
                        b.host(),
                        new Notification.Guest(
                                vmid, "vm" + vmid, List.of("198.51.100." + (vmid % 250))),
                        b.tenant()),
                b.strike(),
                b.evidence(),
                b.block(),
                null,
                null,
                null,
                null);
    }

    /**
     * The event of {@code type} from fields every type could once carry, for tests that vary the
     * type: each event keeps the fields it has, as the outbox reader does.
     */
    public static Notification typed(
            NotificationType type,
            Notification.About about,
            int strike,
            Map<String, Number> evidence,
            Notification.Block block,
            String action,
            String reason,
            String clause,
            String quota) {
        return NotificationJson.typed(
                type,
                about,
                strike,
                evidence,
                block,
                reason,
                new ResourceNotification.Resource(action, quota, clause, evidence),
                Map.of());
    }

    /**
     * Outbox payloads as the version before typed events wrote them (its {@code NotificationJson}
     * run on one event of each shape its publisher produced), one per line: rows an upgrade finds
     * in the outbox.
     */
    public static List<String> payloadsBeforeTypedEvents() {
        try (InputStream in =
                Notifications.class.getResourceAsStream(
                        "/outbox/payloads-before-typed-events.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.vpsguard.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NotificationJsonTest {
    @Test
    void roundTripKeepsEveryField() {
        Notification n =
                Notifications.block(2, Language.EN, "c@example.org")
                        .withLink("unblock", "https://guard.example.net/unblock/v1.a.b");
        Notification back = NotificationJson.read(NotificationJson.write(n));
        assertThat(back.id()).isEqualTo(n.id());
        assertThat(back.type()).isEqualTo(n.type());
        assertThat(back.occurredAt()).isEqualTo(n.occurredAt());
        assertThat(back.host()).isEqualTo(n.host());
        assertThat(back.guest()).isEqualTo(n.guest());
        assertThat(back.tenant()).isEqualTo(n.tenant());
        assertThat(back.block()).isEqualTo(n.block());
        assertThat(back.block().refusalStrike()).isEqualTo(3);
        assertThat(back.links()).isEqualTo(n.links());
        assertThat(back.evidence().get("connectionsPerMinute").longValue()).isEqualTo(412);
        assertThat(back.evidence().get("failureRatio").doubleValue()).isEqualTo(0.63);
        assertThat(NotificationJson.write(back)).isEqualTo(NotificationJson.write(n));
    }

    @Test
    void aHostEventHasNoGuestAndRoundTrips() {
        Notification n =
                new Notification(
                        java.util.UUID.randomUUID(),
                        NotificationType.HOST_SILENT,
                        java.time.Instant.parse("2026-11-23T09:00:00Z"),
                        new Notification.Host("h-1", "pve1"),
                        null,
                        new Notification.Tenant("none", null, Language.FR),
                        0,
                        java.util.Map.of("secondsSinceLastReport", 360),
                        null,
                        null,
                        "no report since 2026-11-23T08:54:00Z (360 s)",
                        java.util.Map.of());
        String json = NotificationJson.write(n);
        assertThat(json).contains("\"guest\":null");
        Notification back = NotificationJson.read(json);
        assertThat(back.guest()).isNull();
        assertThat(back.guestKey()).isEqualTo("h-1/host");
        assertThat(NotificationJson.write(back)).isEqualTo(json);
        assertThatThrownBy(
                        () ->
                                new Notification(
                                        n.id(),
                                        NotificationType.BLOCK_CREATED,
                                        n.occurredAt(),
                                        n.host(),
                                        null,
                                        n.tenant(),
                                        1,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null))
                .as("a guest event needs its guest")
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void unknownTypeIsRefusedNamingIt() {
        String json =
                NotificationJson.write(Notifications.block(1, Language.FR, null))
                        .replace("block_created", "block_exploded");
        assertThatThrownBy(() -> NotificationJson.read(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown notification type 'block_exploded'");
    }

    @Property
    void arbitraryTextIsRefusedWithTheDocumentedException(@ForAll String text) {
        assertThatThrownBy(() -> NotificationJson.read(text))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

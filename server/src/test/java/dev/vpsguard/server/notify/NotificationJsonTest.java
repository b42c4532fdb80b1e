package dev.vpsguard.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
                new Notification.HostSilent(
                        Notification.About.host(
                                java.util.UUID.randomUUID(),
                                java.time.Instant.parse("2026-11-23T09:00:00Z"),
                                new Notification.Host("h-1", "pve1")),
                        java.util.Map.of("secondsSinceLastReport", 360),
                        "no report since 2026-11-23T08:54:00Z (360 s)");
        String json = NotificationJson.write(n);
        assertThat(json).contains("\"guest\":null");
        Notification back = NotificationJson.read(json);
        assertThat(back.guest()).isNull();
        assertThat(back.guestKey()).isEqualTo("h-1/host");
        assertThat(NotificationJson.write(back)).isEqualTo(json);
        assertThatThrownBy(
                        () ->
                                new SmtpNotification.BlockCreated(
                                        n.about(),
                                        1,
                                        null,
                                        Notifications.block(1, Language.FR, null).block(),
                                        null))
                .as("a guest event needs its guest")
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void payloadsWrittenBeforeTypedEventsReadAsTheirEventAndWriteBackByteForByte() {
        List<String> old = Notifications.payloadsBeforeTypedEvents();
        List<Notification> read = old.stream().map(NotificationJson::read).toList();
        assertThat(read)
                .extracting(Object::getClass)
                .containsExactly(
                        SmtpNotification.BlockCreated.class,
                        SmtpNotification.RefusalRungReached.class,
                        SmtpNotification.UnblockRefused.class,
                        ResourceNotification.ActionApplied.class,
                        SmtpNotification.VolumeFinding.class,
                        Notification.HostSilent.class);
        assertThat(read).extracting(NotificationJson::write).containsExactlyElementsOf(old);
        assertThat(read.get(0).links().get("unblock"))
                .isEqualTo("https://guard.example.net/unblock/v1.a.b");
        assertThat(read.get(1).clause()).isEqualTo(read.get(1).block().clause());
        assertThat(read.get(2).reason()).isEqualTo("third block: refused (S9)");
        assertThat(read.get(3).quota()).isEqualTo("cpu");
        assertThat(read.get(3).evidence().get("observed").doubleValue()).isEqualTo(150.0);
        assertThat(read.get(4).clause()).isEqualTo("powerpos Art. 8 / S6");
        assertThat(read.get(5).guestKey()).isEqualTo("h-1/host");
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

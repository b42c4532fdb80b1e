package dev.vpsguard.server.notify;

import dev.vpsguard.protocol.GuestNic;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The guest as notifications and the unblock page show it. */
public final class NotificationGuests {
    private NotificationGuests() {}

    /** The guest as notifications and the unblock page show it: name and addresses. */
    public static Notification.Guest of(int vmid, Optional<Guest> guest) {
        List<String> ips = new ArrayList<>();
        String guestName = null;
        if (guest.isPresent()) {
            GuestView view = GuestView.of(guest.get());
            guestName = view.name();
            for (GuestNic nic : view.nics()) {
                ips.addAll(nic.ips());
            }
        }
        return new Notification.Guest(vmid, guestName, ips);
    }
}

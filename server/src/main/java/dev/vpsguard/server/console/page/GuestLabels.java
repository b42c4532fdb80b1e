package dev.vpsguard.server.console.page;

import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import java.util.HashMap;
import java.util.Map;

/** Guests as pages name them ("101 shop-web"), each looked up once per page. */
final class GuestLabels {
    private final GuestRepository guests;
    private final Map<String, String> cache = new HashMap<>();

    GuestLabels(GuestRepository guests) {
        this.guests = guests;
    }

    /** The label of guest {@code guestId}; its id when it is gone. */
    String of(String guestId) {
        return cache.computeIfAbsent(
                guestId, id -> guests.findById(id).map(GuestLabels::label).orElse(id));
    }

    static String label(Guest g) {
        return g.name() == null || g.name().isBlank()
                ? String.valueOf(g.vmid())
                : g.vmid() + " " + g.name();
    }
}

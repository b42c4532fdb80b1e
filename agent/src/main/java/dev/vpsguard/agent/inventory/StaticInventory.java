package dev.vpsguard.agent.inventory;

import java.util.Comparator;
import java.util.List;

/** The fixed guest list from the agent's config: for hosts that are not Proxmox, and the demo. */
public final class StaticInventory implements InventorySource {
    private final List<Guest> guests;

    public StaticInventory(List<Guest> guests) {
        this.guests = guests.stream().sorted(Comparator.comparingInt(Guest::vmid)).toList();
    }

    @Override
    public List<Guest> load() {
        return guests;
    }
}

package dev.vpsguard.agent.inventory;

import java.util.Comparator;
import java.util.List;

/**
 * A fixed list of guests, from the agent's config file: for hosts that are not Proxmox, and for the
 * demo. {@link #load()} returns the same guests every time, sorted by vmid.
 */
public final class StaticInventory implements InventorySource {
    private final List<Guest> guests;

    /**
     * @param guests the guests; vmids must be distinct
     * @throws IllegalArgumentException naming the vmid that appears twice
     */
    public StaticInventory(List<Guest> guests) {
        List<Guest> sorted = guests.stream().sorted(Comparator.comparingInt(Guest::vmid)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).vmid() == sorted.get(i - 1).vmid()) {
                throw new IllegalArgumentException(
                        "static inventory: vmid " + sorted.get(i).vmid() + " appears twice");
            }
        }
        this.guests = sorted;
    }

    @Override
    public List<Guest> load() {
        return guests;
    }
}

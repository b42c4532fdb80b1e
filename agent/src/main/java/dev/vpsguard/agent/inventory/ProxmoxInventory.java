package dev.vpsguard.agent.inventory;

import java.nio.file.Path;
import java.util.List;

/**
 * PLACEHOLDER on the agentrt branch, replaced on merge by the real reader of {@code
 * <root>/etc/pve/{qemu-server,lxc}/*.conf}. Returns no guests.
 */
public final class ProxmoxInventory implements InventorySource {
    private final Path root;

    public ProxmoxInventory(Path root) {
        this.root = root;
    }

    @Override
    public List<Guest> load() {
        return List.of();
    }

    /** The host root this inventory reads under. */
    public Path root() {
        return root;
    }
}

package dev.vpsguard.agent.inventory;

import java.util.List;

/**
 * Where the agent learns which guests live on this host: Proxmox's config tree, or a static list
 * from the agent's config. Implementations never throw for bad runtime data: a config they cannot
 * read is skipped and logged once.
 */
public interface InventorySource {
    /** The guests on this host now, sorted by vmid. */
    List<Guest> load();
}

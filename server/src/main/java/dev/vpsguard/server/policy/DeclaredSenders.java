package dev.vpsguard.server.policy;

import java.util.Set;

/**
 * Guests declared as legitimate mail servers: their spam thresholds are multiplied, never lifted
 * (docs/contracts.md, "Declared mail senders").
 *
 * @param thresholdMultiplier multiplies every spam threshold (≥ 1)
 * @param vmids declared guests by Proxmox vmid
 * @param tenants every guest of these tenants is declared
 * @param clause the clause or decision this implements
 */
public record DeclaredSenders(
        double thresholdMultiplier, Set<Integer> vmids, Set<String> tenants, String clause) {
    public DeclaredSenders {
        vmids = Set.copyOf(vmids);
        tenants = Set.copyOf(tenants);
    }

    /** The multiplier for this guest: {@link #thresholdMultiplier()} if declared, else 1. */
    public double multiplierFor(int vmid, String tenantId) {
        boolean declared = vmids.contains(vmid) || (tenantId != null && tenants.contains(tenantId));
        return declared ? thresholdMultiplier : 1.0;
    }
}

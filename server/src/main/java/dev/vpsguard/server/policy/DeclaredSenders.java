package dev.vpsguard.server.policy;

import java.util.Set;

/**
 * Guests declared as legitimate mail servers: their volume and fan-out thresholds are multiplied,
 * never lifted; the failure ratio applies as to anyone (docs/policies.md, "declared_senders").
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

    /** Whether this guest is declared, by its vmid or its tenant. */
    public boolean declares(int vmid, String tenantId) {
        return vmids.contains(vmid) || (tenantId != null && tenants.contains(tenantId));
    }

    /** The multiplier for this guest: {@link #thresholdMultiplier()} if declared, else 1. */
    public double multiplierFor(int vmid, String tenantId) {
        return declares(vmid, tenantId) ? thresholdMultiplier : 1.0;
    }
}

package dev.vpsguard.server.policy;

import java.util.Map;
import java.util.Optional;

/**
 * The loaded contract policies, by contract id, with the default one. A guest with no tenant, or
 * whose tenant names no loaded contract, falls under the default contract.
 */
public final class PolicySet {
    /** The contract id of the default policy ({@code default.yml}). */
    public static final String DEFAULT = "default";

    private final Map<String, ContractPolicy> byContract;
    private final ContractPolicy fallback;

    public PolicySet(Map<String, ContractPolicy> byContract) {
        this.byContract = Map.copyOf(byContract);
        this.fallback = this.byContract.get(DEFAULT);
        if (fallback == null) {
            throw new IllegalArgumentException(
                    "no '" + DEFAULT + "' contract among " + byContract.keySet());
        }
    }

    /** The policy of this contract id, if loaded. */
    public Optional<ContractPolicy> contract(String id) {
        return Optional.ofNullable(byContract.get(id));
    }

    /** The policy for a guest of this tenant; the default contract when {@code tenant} is null. */
    public ContractPolicy forTenant(Tenant tenant) {
        if (tenant == null) {
            return fallback;
        }
        return byContract.getOrDefault(tenant.contract(), fallback);
    }

    /** All loaded policies by contract id. */
    public Map<String, ContractPolicy> all() {
        return byContract;
    }
}

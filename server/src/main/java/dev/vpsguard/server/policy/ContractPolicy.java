package dev.vpsguard.server.policy;

import java.util.Objects;

/**
 * Everything vpsguard enforces for one contract. Built by {@link PolicyLoader}; every rule carries
 * the contract clause it implements so each automatic action can be traced to a signed sentence.
 *
 * @param contract the contract's id, e.g. {@code powerpos-vps}
 * @param title a human title for the console
 * @param source the contract text the clauses refer to, e.g. {@code powerpos-location-vps.fr.txt}
 * @param network scans and intrusion attempts (R6), port filters and UDP/ICMP limits (R7)
 */
public record ContractPolicy(
        String contract,
        String title,
        String source,
        SpamPolicy spam,
        DeclaredSenders declaredSenders,
        LadderPolicy ladder,
        ResourcePolicy resources,
        NetworkPolicy network) {
    public ContractPolicy {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(spam, "spam");
        Objects.requireNonNull(declaredSenders, "declaredSenders");
        Objects.requireNonNull(ladder, "ladder");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(network, "network");
    }
}

package dev.vpsguard.server.policy;

import java.util.Objects;

/**
 * A hosting customer.
 *
 * @param id the tenant's id
 * @param contactEmail where block notices go (clause S6, N1)
 * @param language the language of those notices
 * @param contract the id of the tenant's {@link ContractPolicy}
 */
public record Tenant(String id, String contactEmail, Language language, String contract) {
    public Tenant {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("tenant id must not be blank");
        }
        if (contactEmail == null || !contactEmail.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException(
                    "tenant " + id + ": contact email '" + contactEmail + "' is not an address");
        }
        Objects.requireNonNull(language, "language");
        if (contract == null || contract.isBlank()) {
            throw new IllegalArgumentException("tenant " + id + ": contract must not be blank");
        }
    }
}

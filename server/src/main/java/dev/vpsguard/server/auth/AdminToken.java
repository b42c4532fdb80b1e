package dev.vpsguard.server.auth;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * An admin API token, stored only as its hash.
 *
 * @param id the token's id (not secret; names the token in the audit log)
 * @param tokenHash {@link SecretToken#hash} of the token
 * @param label what the token is for, e.g. {@code bootstrap}
 * @param createdAt when it was created
 * @param role its console role: {@code admin}, {@code operator} or {@code viewer}
 */
@MappedEntity("admin_tokens")
public record AdminToken(
        @Id String id, String tokenHash, String label, Instant createdAt, String role) {
    /** The parsed role. */
    public TokenRole tokenRole() {
        return TokenRole.parse(role, "role");
    }
}

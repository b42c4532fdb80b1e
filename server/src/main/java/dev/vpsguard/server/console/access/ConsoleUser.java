package dev.vpsguard.server.console.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A console user as stored.
 *
 * @param passwordHash BCrypt hash
 * @param role viewer, operator or admin
 * @param language fr or en, null until the user picks one
 * @param mustChangePassword true for the generated first admin until it changes its password
 */
@MappedEntity("console_users")
public record ConsoleUser(
        @Id String id,
        String username,
        String passwordHash,
        String role,
        @Nullable String language,
        boolean mustChangePassword,
        Instant createdAt,
        @Nullable Instant passwordChangedAt) {
    public ConsoleRole consoleRole() {
        // Written only through ConsoleRole.key().
        return ConsoleRole.parse(role).orElse(ConsoleRole.VIEWER);
    }
}

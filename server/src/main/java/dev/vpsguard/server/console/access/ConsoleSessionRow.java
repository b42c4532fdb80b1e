package dev.vpsguard.server.console.access;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * An open console session.
 *
 * @param idHash SHA-256 of the session cookie's value
 * @param csrfToken the token every form of this session carries
 * @param lastSeenAt the last request; the session ends {@code session-idle} after it
 * @param expiresAt the session ends then at the latest ({@code session-max} after login)
 */
@MappedEntity("console_sessions")
public record ConsoleSessionRow(
        @Id String idHash,
        String userId,
        String csrfToken,
        Instant createdAt,
        Instant lastSeenAt,
        Instant expiresAt) {}

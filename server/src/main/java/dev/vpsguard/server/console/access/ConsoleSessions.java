package dev.vpsguard.server.console.access;

import dev.vpsguard.server.auth.SecretToken;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Server-side console sessions. The cookie holds a random 256-bit id; the database holds its
 * SHA-256, the user, the session's CSRF token and its two deadlines (idle and absolute).
 */
@Singleton
public class ConsoleSessions {
    /** A session that is valid now, with its user. */
    public record Open(String id, ConsoleSessionRow row, ConsoleUser user) {}

    private final ConsoleSessionRepository sessions;
    private final ConsoleUserRepository users;
    private final ConsoleConfig config;
    private final Clock clock;

    public ConsoleSessions(
            ConsoleSessionRepository sessions,
            ConsoleUserRepository users,
            ConsoleConfig config,
            Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Opens a session for {@code user} with the CSRF token {@code csrfFor} makes for its id;
     * returns the cookie value, shown this once.
     */
    @Transactional
    public String open(ConsoleUser user, java.util.function.UnaryOperator<String> csrfFor) {
        String id = SecretToken.generate();
        String csrfToken = csrfFor.apply(id);
        Instant now = now();
        sessions.save(
                new ConsoleSessionRow(
                        SecretToken.hash(id),
                        user.id(),
                        csrfToken,
                        now,
                        now,
                        now.plus(config.sessionMax())));
        return id;
    }

    /**
     * The session with this cookie value if it has not ended; counts the request as activity. An
     * ended session is deleted.
     */
    @Transactional
    public Optional<Open> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        String hash = SecretToken.hash(id);
        Optional<ConsoleSessionRow> row = sessions.findById(hash);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Instant now = now();
        if (ended(row.get(), now)) {
            sessions.deleteById(hash);
            return Optional.empty();
        }
        Optional<ConsoleUser> user = users.findById(row.get().userId());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        sessions.touch(hash, now);
        return Optional.of(new Open(id, row.get(), user.get()));
    }

    boolean ended(ConsoleSessionRow row, Instant now) {
        return !now.isBefore(row.expiresAt())
                || !now.isBefore(row.lastSeenAt().plus(config.sessionIdle()));
    }

    /** Ends the session with this cookie value (logout). */
    @Transactional
    public void close(String id) {
        sessions.deleteById(SecretToken.hash(id));
    }

    /** Ends every other session of the user (after a password change). */
    @Transactional
    public void closeOthers(String userId, String keepId) {
        sessions.deleteOthersOfUser(userId, SecretToken.hash(keepId));
    }

    /** Deletes ended sessions; returns nothing, the table only shrinks. */
    @Transactional
    public void purge() {
        Instant now = now();
        sessions.deleteEnded(now, now.minus(config.sessionIdle()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

package dev.vpsguard.server.console.access;

import dev.vpsguard.server.audit.AuditLog;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Console users: checking passwords, creating users, changing passwords and languages. */
@Singleton
public class ConsoleUsers {
    /** What a user name may be: it shows in the audit log as {@code console:<name>}. */
    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    private final ConsoleUserRepository users;
    private final Passwords passwords;
    private final AuditLog audit;
    private final Clock clock;

    public ConsoleUsers(
            ConsoleUserRepository users, Passwords passwords, AuditLog audit, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    /** The audit log's actor for a console user. */
    public static String actor(String username) {
        return "console:" + username;
    }

    /** The user with this name and password, if both are right. */
    public Optional<ConsoleUser> check(String username, String password) {
        Optional<ConsoleUser> user =
                username == null ? Optional.empty() : users.findByUsername(username.strip());
        if (user.isEmpty()) {
            passwords.matchDecoy(password);
            return Optional.empty();
        }
        return passwords.matches(password, user.get().passwordHash()) ? user : Optional.empty();
    }

    public Optional<ConsoleUser> find(String id) {
        return users.findById(id);
    }

    public List<ConsoleUser> list() {
        return users.findAllOrderByUsername();
    }

    public long count() {
        return users.count();
    }

    /**
     * Creates a user.
     *
     * @return the message key of the reason it was refused, or empty when created
     */
    @Transactional
    public Optional<String> create(
            String username, String password, ConsoleRole role, boolean mustChange, String actor) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            return Optional.of("users.badName");
        }
        Optional<String> weak = Passwords.weakness(username, password);
        if (weak.isPresent()) {
            return weak;
        }
        if (users.findByUsername(username).isPresent()) {
            return Optional.of("users.exists");
        }
        String id = UUID.randomUUID().toString();
        users.save(
                new ConsoleUser(
                        id,
                        username,
                        passwords.hash(password),
                        role.key(),
                        null,
                        mustChange,
                        now(),
                        null));
        audit.record(
                actor, "console_user.create", id, "username=" + username + " role=" + role.key());
        return Optional.empty();
    }

    /**
     * Changes a user's password after checking the current one.
     *
     * @return the message key of the reason it was refused, or empty when changed
     */
    @Transactional
    public Optional<String> changePassword(
            String userId, String current, String next, @Nullable String confirm) {
        ConsoleUser user = users.findById(userId).orElseThrow();
        if (!passwords.matches(current, user.passwordHash())) {
            return Optional.of("password.wrongCurrent");
        }
        if (next == null || !next.equals(confirm)) {
            return Optional.of("password.mismatch");
        }
        Optional<String> weak = Passwords.weakness(user.username(), next);
        if (weak.isPresent()) {
            return weak;
        }
        if (next.equals(current)) {
            return Optional.of("password.unchanged");
        }
        users.update(
                new ConsoleUser(
                        user.id(),
                        user.username(),
                        passwords.hash(next),
                        user.role(),
                        user.language(),
                        false,
                        user.createdAt(),
                        now()));
        audit.record(actor(user.username()), "console_user.password_change", user.id(), null);
        return Optional.empty();
    }

    @Transactional
    public void setLanguage(String userId, String language) {
        ConsoleUser user = users.findById(userId).orElseThrow();
        users.update(
                new ConsoleUser(
                        user.id(),
                        user.username(),
                        user.passwordHash(),
                        user.role(),
                        language,
                        user.mustChangePassword(),
                        user.createdAt(),
                        user.passwordChangedAt()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}

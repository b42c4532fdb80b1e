package dev.vpsguard.server.console.access;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A console user's role. Each role includes the ones before it: a viewer reads; an operator also
 * decides requests and approves actions; an admin also manages users, hosts and contracts.
 */
public enum ConsoleRole {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** The spelling in the database, in forms and in {@code @Secured}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The Micronaut Security roles of a user with this role: this one and every one it includes, so
     * {@code @Secured("operator")} admits admins too.
     */
    public List<String> grantedKeys() {
        return java.util.Arrays.stream(values())
                .filter(r -> r.ordinal() <= ordinal())
                .map(ConsoleRole::key)
                .toList();
    }

    public static Optional<ConsoleRole> parse(String value) {
        for (ConsoleRole r : values()) {
            if (r.key().equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}

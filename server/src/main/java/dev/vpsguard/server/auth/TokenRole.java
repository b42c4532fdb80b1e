package dev.vpsguard.server.auth;

import dev.vpsguard.server.api.ApiException;
import java.util.Locale;

/**
 * The console role of an admin API token. Viewers read; operators also decide queued unblock
 * requests, approve actions and manage tenants; admins also override refusals and create tokens.
 */
public enum TokenRole {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** The spelling in the database and in JSON. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role includes everything {@code other} may do. */
    public boolean atLeast(TokenRole other) {
        return compareTo(other) >= 0;
    }

    /** Parses {@code admin}, {@code operator} or {@code viewer}. */
    public static TokenRole parse(String value, String field) {
        if (value != null) {
            for (TokenRole r : values()) {
                if (r.key().equals(value)) {
                    return r;
                }
            }
        }
        throw ApiException.invalidField(field, "must be one of admin, operator, viewer");
    }
}

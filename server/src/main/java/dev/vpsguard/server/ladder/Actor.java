package dev.vpsguard.server.ladder;

import java.util.Objects;

/**
 * Someone who acts on a ladder: a console user, the customer, or vpsguard itself.
 *
 * @param id a user name, a tenant id, or {@code vpsguard}
 * @param role what they may do
 */
public record Actor(String id, Role role) {
    /** vpsguard itself: detection, scheduled lifts. */
    public static final Actor SYSTEM = new Actor("vpsguard", Role.SYSTEM);

    public Actor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
    }

    /** True for operators and admins, who decide on queued requests and approvals. */
    public boolean staff() {
        return role == Role.OPERATOR || role == Role.ADMIN;
    }
}

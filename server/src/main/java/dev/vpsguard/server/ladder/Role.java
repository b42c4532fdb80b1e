package dev.vpsguard.server.ladder;

/** Who acts on a ladder. Console roles (viewer never acts), the customer, and the system itself. */
public enum Role {
    CUSTOMER,
    OPERATOR,
    ADMIN,
    SYSTEM
}

package dev.vpsguard.server.policy;

/** How an unblock request is handled on one rung of the SMTP ladder (contract clauses S7, S9). */
public enum UnblockMode {
    /** Granted on the customer's request once the rung's minimum duration has passed. */
    ON_REQUEST("on_request"),
    /** Queued for an operator, who approves or refuses with a reason. */
    OPERATOR("operator"),
    /** Refused; only an admin can override, with a written reason (clause S9). */
    REFUSED("refused");

    private final String key;

    UnblockMode(String key) {
        this.key = key;
    }

    /** The spelling used in policy files. */
    public String key() {
        return key;
    }
}

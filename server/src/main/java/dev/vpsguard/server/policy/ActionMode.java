package dev.vpsguard.server.policy;

/** Whether a resource action runs on its own, waits for approval, or is only recorded. */
public enum ActionMode {
    /** Applied as soon as the ladder reaches it. */
    AUTO("auto"),
    /** Becomes a pending action that an operator or admin must approve. */
    APPROVE("approve"),
    /** Recorded in the audit log as "would have", never enforced. */
    DRY_RUN("dry-run");

    private final String key;

    ActionMode(String key) {
        this.key = key;
    }

    /** The spelling used in policy files. */
    public String key() {
        return key;
    }
}

package dev.vpsguard.server.backup;

/** What is wrong with one guest's backups, with the clause it breaks and the numbers seen. */
public record BackupFinding(Kind kind, String clause, String detail) {
    public enum Kind {
        /** No enabled vzdump job on the guest's host takes it. */
        NOT_SCHEDULED,
        /** No successful backup within the contract's period (or none at all). */
        NO_RECENT_SUCCESS,
        /** Fewer days with a restore point than promised in the window. */
        TOO_FEW_RESTORE_POINTS,
        /** The latest attempt failed or never finished. */
        LAST_RUN_FAILED
    }
}

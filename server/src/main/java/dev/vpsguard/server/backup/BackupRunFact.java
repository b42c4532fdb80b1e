package dev.vpsguard.server.backup;

import java.time.Instant;

/**
 * One backup attempt of a guest as an agent reported it from a vzdump task log.
 *
 * @param ended when it finished or failed; null while unfinished or when the log stops short
 */
public record BackupRunFact(
        String guestId, Instant started, Instant ended, Outcome outcome, String error) {
    public enum Outcome {
        OK,
        FAILED,
        INCOMPLETE
    }

    /** The instant the attempt is known by: its end, else its start. */
    public Instant at() {
        return ended != null ? ended : started;
    }
}

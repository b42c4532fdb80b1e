package dev.vpsguard.agent.backup;

import java.util.List;

/**
 * A parsed vzdump task log.
 *
 * @param storage the {@code --storage} of the job's command line, or null
 * @param runs one entry per guest the task reached, in log order
 * @param result how the task as a whole ended
 */
public record VzdumpTask(String storage, List<BackupRun> runs, Result result) {
    public VzdumpTask {
        runs = List.copyOf(runs);
    }

    public enum Result {
        OK,
        /**
         * Every guest reached the end, with warnings ({@code TASK WARNINGS: n}): each guest's run
         * says whether it was backed up.
         */
        WARNINGS,
        /** Some guests failed ({@code TASK ERROR: job errors}). */
        ERRORS,
        /** The job itself failed before or between guests. */
        FAILED,
        /** No final status line: still running, or the log is cut. */
        UNFINISHED
    }
}

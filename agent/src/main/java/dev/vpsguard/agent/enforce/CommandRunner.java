package dev.vpsguard.agent.enforce;

import java.util.List;

/** Runs one external command to completion. The seam between enforcement logic and the host. */
public interface CommandRunner {
    /**
     * Runs {@code argv} (argv[0] is looked up on PATH), feeding {@code stdin} (may be empty). Never
     * throws for a failing command: the exit code and stderr are in the result.
     */
    CommandResult run(List<String> argv, String stdin);

    /** Runs without input. */
    default CommandResult run(List<String> argv) {
        return run(argv, "");
    }

    /**
     * The outcome of one command.
     *
     * @param command the command line as run, for messages
     * @param exitCode the exit status; -1 when it could not be started or timed out
     * @param stdout standard output, UTF-8
     * @param stderr standard error, UTF-8, or the reason it could not run
     */
    record CommandResult(String command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** One line for logs and acks: the command, its exit code and stderr. */
        public String describe() {
            String err = stderr.strip();
            return command + " exited " + exitCode + (err.isEmpty() ? "" : ": " + err);
        }
    }
}

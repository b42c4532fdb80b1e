package dev.vpsguard.lab;

import java.util.List;

/**
 * The outcome of a finished command run by {@link Lab#exec}.
 *
 * @param command the command line that ran, for messages
 * @param exitCode the process exit code
 * @param output stdout and stderr, interleaved
 */
public record ExecResult(List<String> command, int exitCode, String output) {
    public ExecResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Returns this result, or throws naming the command, exit code and output when it failed. */
    public ExecResult orThrow() {
        if (!succeeded()) {
            throw new IllegalStateException(
                    "command " + command + " exited with " + exitCode + ": " + output.strip());
        }
        return this;
    }
}

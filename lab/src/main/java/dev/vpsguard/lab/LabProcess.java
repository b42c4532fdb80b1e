package dev.vpsguard.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A background process started by {@link Lab#spawn} inside one of the lab's namespaces. Its stdout
 * and stderr go to {@link #outputFile()}. The lab stops it on close; only this pid is ever
 * signalled ({@code ip netns exec} execs the command, so the pid is the command's own).
 */
public final class LabProcess {
    private static final Duration GRACE = Duration.ofSeconds(3);

    private final List<String> command;
    private final Process process;
    private final Path outputFile;

    LabProcess(List<String> command, Process process, Path outputFile) {
        this.command = List.copyOf(command);
        this.process = process;
        this.outputFile = outputFile;
    }

    public long pid() {
        return process.pid();
    }

    public List<String> command() {
        return command;
    }

    public Path outputFile() {
        return outputFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process wrote so far (stdout and stderr). */
    public String output() {
        try {
            return Files.readString(outputFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for the process to exit on its own.
     *
     * @return the exit code
     * @throws IllegalStateException when it is still running after {@code timeout}
     */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        "still running after " + timeout + ": " + command + "\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + command, e);
        }
    }

    /**
     * Sends SIGTERM to this pid, waits up to 3 s, then SIGKILL. Idempotent.
     *
     * @return the exit code, or -1 when it had to be killed
     */
    public int stop() {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        try {
            if (process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            process.destroyForcibly();
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return -1;
    }

    @Override
    public String toString() {
        return "pid " + pid() + " " + command;
    }
}

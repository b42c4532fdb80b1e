package dev.vpsguard.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs lab commands: IO only, no decisions. */
final class LabCommands {
    private LabCommands() {}

    /**
     * Runs {@code command} to completion. Output goes through a temporary file rather than a pipe,
     * so a hung command cannot block the reader past the timeout.
     *
     * @param tmpDir where the output file goes, or null for the system default
     */
    static ExecResult run(List<String> command, Duration timeout, Path tmpDir) {
        Path out = null;
        try {
            out =
                    tmpDir != null && Files.isDirectory(tmpDir)
                            ? Files.createTempFile(tmpDir, "exec-", ".out")
                            : Files.createTempFile("vglab-exec-", ".out");
            Process p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile())
                            .redirectInput(
                                    ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                            .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(
                        "command "
                                + command
                                + " still running after "
                                + timeout
                                + ", killed pid "
                                + p.pid()
                                + ": "
                                + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new ExecResult(
                    command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // A leftover temp file is harmless.
                }
            }
        }
    }

    /** Starts {@code command} in the background with stdout and stderr going to {@code log}. */
    static LabProcess start(List<String> command, Path log) {
        try {
            Process p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .redirectInput(
                                    ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                            .start();
            return new LabProcess(command, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }
}

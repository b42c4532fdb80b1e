package dev.vpsguard.agent.enforce;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as child processes, with an optional prefix (tests use {@code ip netns exec <ns>})
 * and environment overrides. The command name is resolved on the PATH of the child's environment,
 * because the JDK would otherwise search the agent's own PATH.
 */
public final class SystemCommandRunner implements CommandRunner {
    private final List<String> prefix;
    private final Map<String, String> environment;
    private final Duration timeout;

    /**
     * @param prefix words put before every command, e.g. {@code [ip, netns, exec, vgenf1234]}
     * @param environment variables set for the child on top of the agent's own (e.g. PATH)
     * @param timeout how long a command may run before it is killed
     */
    public SystemCommandRunner(
            List<String> prefix, Map<String, String> environment, Duration timeout) {
        this.prefix = List.copyOf(prefix);
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    /** Runs commands directly in the agent's own environment, 30 s timeout. */
    public static SystemCommandRunner host() {
        return new SystemCommandRunner(List.of(), Map.of(), Duration.ofSeconds(30));
    }

    /** Runs every command inside network namespace {@code ns} (tests). */
    public static SystemCommandRunner inNamespace(String ns) {
        return new SystemCommandRunner(
                List.of("ip", "netns", "exec", ns), Map.of(), Duration.ofSeconds(60));
    }

    @Override
    public CommandResult run(List<String> argv, String stdin) {
        String shown = String.join(" ", argv);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(environment);
        List<String> full = new ArrayList<>(prefix);
        full.addAll(argv);
        String exe =
                resolve(full.get(0), env.getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        if (exe == null) {
            return new CommandResult(shown, -1, "", full.get(0) + ": command not found on PATH");
        }
        full.set(0, exe);
        ProcessBuilder builder = new ProcessBuilder(full);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new CommandResult(shown, -1, "", "cannot start: " + e.getMessage());
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The command exited without reading its input; its exit code tells the rest.
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                return new CommandResult(shown, -1, out.get(), "timed out after " + timeout);
            }
            return new CommandResult(shown, process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new CommandResult(shown, -1, "", "interrupted");
        } catch (ExecutionException e) {
            return new CommandResult(shown, -1, "", "cannot read output: " + e.getCause());
        }
    }

    /** The executable for {@code name}: itself when it contains a slash, else the first on PATH. */
    static String resolve(String name, String path) {
        if (name.contains("/")) {
            return name;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (stream) {
                        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                runnable -> {
                    Thread t = new Thread(runnable, "vpsguard-command-output");
                    t.setDaemon(true);
                    t.start();
                });
    }
}

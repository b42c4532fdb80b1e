package dev.vpsguard.agent.cli;

import dev.vpsguard.agent.AgentRuntime;
import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.config.AgentConfigLoader;
import dev.vpsguard.agent.config.ConfigException;
import dev.vpsguard.agent.report.HostCredential;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code vpsguard-agent run} does, without picocli: the service's own command line ({@code run
 * --config <file>}) starts here directly, so the long-running process never loads the parser's ~170
 * classes (docs/decisions.md, "Agent: footprint"). {@link RunCommand} calls the same code.
 */
public final class AgentRun {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRun.class);

    private AgentRun() {}

    /**
     * The config file of a plain {@code run} ({@code run}, {@code run --config F} or {@code run
     * --config=F}), or null for anything else (help, other commands, mistakes), which picocli then
     * parses and answers.
     */
    public static Path plainRunConfig(String[] args) {
        if (args.length == 0 || !"run".equals(args[0])) {
            return null;
        }
        if (args.length == 1) {
            return AgentConfigLoader.DEFAULT_FILE;
        }
        if (args.length == 2 && args[1].startsWith("--config=") && args[1].length() > 9) {
            return Path.of(args[1].substring(9));
        }
        if (args.length == 3 && "--config".equals(args[1]) && !args[2].startsWith("-")) {
            return Path.of(args[2]);
        }
        return null;
    }

    /** Runs until SIGTERM; returns the exit code ({@link AgentCommand}'s conventions). */
    public static int run(Path config, PrintWriter err) throws InterruptedException {
        AgentConfig cfg;
        HostCredential credential;
        try {
            cfg = AgentConfigLoader.load(config);
            credential = HostCredential.read(cfg.server().credentialFile());
        } catch (ConfigException | IOException e) {
            err.println(e.getMessage());
            err.flush();
            return AgentCommand.EXIT_CONFIG;
        }
        warnIfReadableByOthers(cfg.server().credentialFile());
        AgentRuntime runtime;
        try {
            runtime =
                    new AgentRuntime(
                            cfg, credential, Clock.systemUTC(), CollectorRegistry.defaultRegistry);
        } catch (IOException e) {
            err.println("cannot start: " + e.getMessage());
            err.flush();
            return AgentCommand.EXIT_FAILURE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (systemd stop) runs the hooks: abort the send in flight, keep its report spooled.
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    LOG.info("stopping");
                                    runtime.close();
                                    stopped.countDown();
                                },
                                "vpsguard-shutdown"));
        LOG.info("vpsguard-agent {} starting as host {}", AgentVersion.get(), credential.hostId());
        runtime.start();
        stopped.await();
        return 0;
    }

    /** The credential is a secret: say so when group or others can read it (ssh-style hint). */
    private static void warnIfReadableByOthers(Path file) {
        try {
            var perms = Files.getPosixFilePermissions(file);
            if (!HostCredential.MODE_0600.containsAll(perms)) {
                LOG.warn(
                        "{} is readable by others ({}); run chmod 600 {}",
                        file,
                        PosixFilePermissions.toString(perms),
                        file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }
}

package dev.vpsguard.agent.cli;

import dev.vpsguard.agent.AgentRuntime;
import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.config.AgentConfigLoader;
import dev.vpsguard.agent.config.ConfigException;
import dev.vpsguard.agent.report.HostCredential;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vpsguard-agent run}: report until SIGTERM. */
@Command(
        name = "run",
        description = "Run the agent: sample and report every interval until stopped.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(
            names = "--config",
            description = "The agent's YAML configuration (default: ${DEFAULT-VALUE}).")
    Path config = AgentConfigLoader.DEFAULT_FILE;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        AgentConfig cfg;
        HostCredential credential;
        try {
            cfg = AgentConfigLoader.load(config);
            credential = HostCredential.read(cfg.server().credentialFile());
        } catch (ConfigException | IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return AgentCommand.EXIT_CONFIG;
        }
        warnIfReadableByOthers(cfg.server().credentialFile());
        AgentRuntime runtime;
        try {
            runtime =
                    new AgentRuntime(
                            cfg, credential, Clock.systemUTC(), CollectorRegistry.defaultRegistry);
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot start: " + e.getMessage());
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
            var perms = java.nio.file.Files.getPosixFilePermissions(file);
            if (!HostCredential.MODE_0600.containsAll(perms)) {
                LOG.warn(
                        "{} is readable by others ({}); run chmod 600 {}",
                        file,
                        java.nio.file.attribute.PosixFilePermissions.toString(perms),
                        file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }
}

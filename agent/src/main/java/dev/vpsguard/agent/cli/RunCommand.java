package dev.vpsguard.agent.cli;

import dev.vpsguard.agent.config.AgentConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vpsguard-agent run}: report until SIGTERM ({@link AgentRun} does the work). */
@Command(
        name = "run",
        description = "Run the agent: sample and report every interval until stopped.")
final class RunCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            description = "The agent's YAML configuration (default: ${DEFAULT-VALUE}).")
    Path config = AgentConfigLoader.DEFAULT_FILE;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        return AgentRun.run(config, spec.commandLine().getErr());
    }
}

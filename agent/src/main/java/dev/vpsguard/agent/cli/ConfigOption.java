package dev.vpsguard.agent.cli;

import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.config.AgentConfigLoader;
import dev.vpsguard.agent.config.ConfigException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --config} option the host commands share (a picocli mixin). */
final class ConfigOption {
    @Option(
            names = "--config",
            description = "The agent's YAML configuration (default: ${DEFAULT-VALUE}).")
    Path config = AgentConfigLoader.DEFAULT_FILE;

    /**
     * Loads the file; on a bad one prints the file/key/value/reason line to the command's stderr
     * and returns null (the command then exits with {@link AgentCommand#EXIT_CONFIG}).
     */
    AgentConfig loadOrReport(CommandLine.Model.CommandSpec spec) {
        try {
            return AgentConfigLoader.load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return null;
        }
    }
}

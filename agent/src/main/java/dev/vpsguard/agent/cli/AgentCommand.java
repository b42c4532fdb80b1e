package dev.vpsguard.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vpsguard-agent}: the top-level command; it only holds the subcommands. */
@Command(
        name = "vpsguard-agent",
        mixinStandardHelpOptions = true,
        versionProvider = AgentVersion.class,
        subcommands = {
            RunCommand.class,
            EnrollCommand.class,
            DoctorCommand.class,
            CleanupCommand.class,
            VersionCommand.class
        },
        description =
                "The vpsguard host agent. Exit codes: 0 ok, 1 runtime failure, 2 configuration error.")
public final class AgentCommand implements Runnable {
    /** Exit code: the configuration (file, options, credential) is wrong. */
    public static final int EXIT_CONFIG = 2;

    /** Exit code: something failed while running. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing command: run, enroll, doctor, cleanup or version");
    }

    /** A picocli command line for the agent, with its exit-code conventions. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AgentCommand());
        cl.setExitCodeExceptionMapper(
                e -> e instanceof CommandLine.ParameterException ? EXIT_CONFIG : EXIT_FAILURE);
        return cl;
    }
}

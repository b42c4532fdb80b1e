package dev.vpsguard.agent.cli;

import dev.vpsguard.protocol.ProtocolJson;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vpsguard-agent version}. */
@Command(name = "version", description = "Print the agent's version and wire protocol version.")
final class VersionCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine()
                .getOut()
                .println(
                        "vpsguard-agent "
                                + AgentVersion.get()
                                + " (protocol "
                                + ProtocolJson.VERSION
                                + ")");
        return 0;
    }
}

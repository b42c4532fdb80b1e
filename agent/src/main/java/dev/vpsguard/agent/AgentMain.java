package dev.vpsguard.agent;

import dev.vpsguard.agent.cli.AgentCommand;

/** Entry point of the vpsguard agent: {@code vpsguard-agent run|enroll|version}. */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) {
        System.exit(AgentCommand.commandLine().execute(args));
    }
}

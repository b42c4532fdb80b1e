package dev.vpsguard.agent;

import dev.vpsguard.agent.cli.AgentCommand;
import dev.vpsguard.agent.cli.AgentRun;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Entry point of the vpsguard agent: {@code vpsguard-agent run|enroll|doctor|cleanup|version}. */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) throws InterruptedException {
        nettyDefaults();
        Path runConfig = AgentRun.plainRunConfig(args);
        System.exit(
                runConfig != null
                        ? AgentRun.run(runConfig, new PrintWriter(System.err, true))
                        : AgentCommand.commandLine().execute(args));
    }

    /**
     * Netty settings for a process that sends one small request every few seconds, set before Netty
     * reads them and only where the operator did not pass their own {@code -D} (docs/decisions.md,
     * "Agent: footprint"): no JFR events for its buffers (registering them loads JFR, ~120
     * classes), and unpooled buffers (no arenas kept for a few KiB a cycle).
     */
    static void nettyDefaults() {
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        if (System.getProperty("io.netty.allocator.type") == null) {
            System.setProperty("io.netty.allocator.type", "unpooled");
        }
    }
}

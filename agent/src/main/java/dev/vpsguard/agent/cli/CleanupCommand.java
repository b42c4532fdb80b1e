package dev.vpsguard.agent.cli;

import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.enforce.CommandRunner;
import dev.vpsguard.agent.enforce.EnforcementConfig;
import dev.vpsguard.agent.enforce.NftablesApplier;
import dev.vpsguard.agent.enforce.NftablesRenderer;
import dev.vpsguard.agent.enforce.RouteBack;
import dev.vpsguard.agent.enforce.SystemCommandRunner;
import dev.vpsguard.agent.smtp.WatchTables;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vpsguard-agent cleanup}: removes the agent's nftables tables, its routing rule and the
 * routes in its table; nothing else. The persisted desired state is kept, so a running (or
 * restarted) agent puts its enforcement back: stop the agent first to lift everything.
 */
@Command(
        name = "cleanup",
        description =
                "Remove the agent's nftables tables (inet/bridge/ip/ip6 vpsguard, inet/bridge"
                        + " vpsguard_watch), its ip rule and"
                        + " the routes in its routing table; nothing else. Stop the agent first:"
                        + " a running agent re-applies its state.")
final class CleanupCommand implements Callable<Integer> {
    @CommandLine.Mixin ConfigOption configOption = new ConfigOption();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        AgentConfig cfg = configOption.loadOrReport(spec);
        if (cfg == null) {
            return AgentCommand.EXIT_CONFIG;
        }
        CommandRunner runner = SystemCommandRunner.host();
        // Only the table id and rule priority matter for removal; the notice path is off.
        EnforcementConfig ec =
                new EnforcementConfig(
                        null,
                        null,
                        cfg.enforcement().responderPort(),
                        cfg.enforcement().markBit(),
                        false,
                        List.of(),
                        cfg.enforcement().routeTable(),
                        EnforcementConfig.DEFAULT_RULE_PRIORITY);
        PrintWriter out = spec.commandLine().getOut();
        CommandRunner.CommandResult nft = new NftablesApplier(runner).cleanup();
        CommandRunner.CommandResult watch = new WatchTables(runner).remove();
        new RouteBack(runner, ec).removeAll();
        for (CommandRunner.CommandResult r : List.of(nft, watch)) {
            if (!r.ok()) {
                spec.commandLine()
                        .getErr()
                        .println("removing the nftables tables failed: " + r.describe());
                return AgentCommand.EXIT_FAILURE;
            }
        }
        out.println(
                "removed nftables tables " + NftablesRenderer.TABLES + " " + WatchTables.TABLES);
        out.println(
                "removed the ip rule at priority "
                        + EnforcementConfig.DEFAULT_RULE_PRIORITY
                        + " and the routes in table "
                        + cfg.enforcement().routeTable());
        out.flush();
        return 0;
    }
}

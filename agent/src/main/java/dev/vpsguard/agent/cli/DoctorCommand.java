package dev.vpsguard.agent.cli;

import dev.vpsguard.agent.HostAdapters;
import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.doctor.Check;
import dev.vpsguard.agent.doctor.EnforcementDoctor;
import dev.vpsguard.agent.doctor.HostDoctor;
import dev.vpsguard.agent.doctor.ServerDoctor;
import dev.vpsguard.agent.enforce.BridgeAddress;
import dev.vpsguard.agent.enforce.CommandRunner;
import dev.vpsguard.agent.enforce.EnforcementConfig;
import dev.vpsguard.agent.enforce.RouteBack;
import dev.vpsguard.agent.enforce.SystemCommandRunner;
import dev.vpsguard.agent.inventory.InventorySource;
import dev.vpsguard.agent.inventory.ProxmoxInventory;
import dev.vpsguard.agent.inventory.StaticInventory;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vpsguard-agent doctor}: checks this host can run the agent; one line per check. */
@Command(
        name = "doctor",
        description =
                "Check this host: tools, kernel switches, cgroups, Proxmox paths, the notice"
                        + " responder port, routes back to blocked guests, the server. One line"
                        + " per check (PASS/WARN/FAIL); exits 1 on any FAIL.")
final class DoctorCommand implements Callable<Integer> {
    @CommandLine.Mixin ConfigOption configOption = new ConfigOption();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        AgentConfig cfg = configOption.loadOrReport(spec);
        if (cfg == null) {
            return AgentCommand.EXIT_CONFIG;
        }
        CommandRunner runner = SystemCommandRunner.host();
        List<Check> checks = new ArrayList<>(new HostDoctor(cfg, runner).run());
        AgentConfig.Enforcement e = cfg.enforcement();
        if (e.enabled()) {
            String address = null;
            try {
                address =
                        e.responderAddress() != null
                                ? e.responderAddress().getHostAddress()
                                : BridgeAddress.of(runner, e.responderBridge());
            } catch (IOException ex) {
                checks.add(new Check(Check.Status.FAIL, "responder", ex.getMessage()));
            }
            if (address != null) {
                String address6 =
                        e.responderAddress6() != null
                                ? e.responderAddress6().getHostAddress()
                                : BridgeAddress.ipv6Of(runner, e.responderBridge()).orElse(null);
                EnforcementConfig ec = HostAdapters.enforcementConfig(e, address, address6);
                checks.addAll(
                        new EnforcementDoctor(
                                        cfg,
                                        inventory(cfg),
                                        new RouteBack(runner, ec),
                                        address,
                                        ec.responderV6())
                                .run());
            }
        } else {
            checks.add(
                    new Check(
                            Check.Status.WARN,
                            "enforcement",
                            "off (enforcement.enabled: false): blocks are not applied here"));
        }
        checks.addAll(new ServerDoctor(cfg).run());
        PrintWriter out = spec.commandLine().getOut();
        checks.forEach(c -> out.println(c.line()));
        out.flush();
        boolean failed = checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL);
        return failed ? AgentCommand.EXIT_FAILURE : 0;
    }

    private static InventorySource inventory(AgentConfig cfg) {
        return switch (cfg.inventory().mode()) {
            case PROXMOX -> new ProxmoxInventory(cfg.hostRoot());
            case STATIC -> new StaticInventory(cfg.inventory().guests());
        };
    }
}

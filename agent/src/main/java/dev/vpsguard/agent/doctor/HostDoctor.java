package dev.vpsguard.agent.doctor;

import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.enforce.BridgeNetfilter;
import dev.vpsguard.agent.enforce.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host checks of {@code vpsguard-agent doctor}: tools, kernel switches, cgroups and Proxmox
 * paths. The enforcement and server checks are in {@link EnforcementDoctor}.
 */
public final class HostDoctor {
    private final AgentConfig config;
    private final CommandRunner runner;

    public HostDoctor(AgentConfig config, CommandRunner runner) {
        this.config = config;
        this.runner = runner;
    }

    /** Every host check, in the order printed. */
    public List<Check> run() {
        List<Check> out = new ArrayList<>();
        out.add(nft());
        out.add(conntrack());
        out.addAll(bridgeNfCall());
        out.add(cgroup());
        out.add(proxmox());
        return out;
    }

    Check nft() {
        CommandRunner.CommandResult r = runner.run(List.of("nft", "--version"));
        if (!r.ok()) {
            return Check.fail("nft", "not usable: " + r.describe() + " (apt install nftables)");
        }
        String v = r.stdout().strip();
        return NftVersion.atLeast(v, 1, 0)
                ? Check.pass("nft", v)
                : Check.fail("nft", v + ": version 1.0 or later is needed (Debian 12 has 1.0.6)");
    }

    Check conntrack() {
        AgentConfig.Replay replay = config.smtp().replay();
        if (config.smtp().enabled() && replay != null) {
            return Check.warn(
                    "conntrack",
                    "not used: smtp.replay plays "
                            + replay.file()
                            + " instead of watching the kernel (made-up SMTP counts, demos and"
                            + " tests only)");
        }
        CommandRunner.CommandResult r = runner.run(List.of("conntrack", "--version"));
        return r.ok()
                ? Check.pass("conntrack", r.stdout().strip() + r.stderr().strip())
                : Check.fail(
                        "conntrack", "not usable: " + r.describe() + " (apt install conntrack)");
    }

    List<Check> bridgeNfCall() {
        boolean agentSets = config.enforcement().setBridgeNfCall();
        List<Check> out = new ArrayList<>();
        for (Map.Entry<String, String> e :
                new BridgeNetfilter(config.hostRoot()).read().entrySet()) {
            String name = e.getKey().substring("net.bridge.".length());
            String value = e.getValue();
            if ("1".equals(value)) {
                out.add(Check.pass(name, e.getKey() + " = 1"));
            } else if (value == null) {
                out.add(
                        Check.fail(
                                name,
                                e.getKey()
                                        + " is absent: the br_netfilter module is not loaded"
                                        + " (modprobe br_netfilter; echo br_netfilter >"
                                        + " /etc/modules-load.d/br_netfilter.conf)"));
            } else if (agentSets && config.enforcement().enabled()) {
                out.add(
                        Check.warn(
                                name,
                                e.getKey()
                                        + " = "
                                        + value
                                        + ": the agent sets it to 1 at startup"
                                        + " (enforcement.setBridgeNfCall: true)"));
            } else {
                out.add(
                        Check.fail(
                                name,
                                e.getKey()
                                        + " = "
                                        + value
                                        + ": bridged guest traffic bypasses the agent's rules;"
                                        + " enable the Proxmox firewall, or sysctl -w "
                                        + e.getKey()
                                        + "=1, or set enforcement.setBridgeNfCall: true"));
            }
        }
        return out;
    }

    Check cgroup() {
        Path controllers = config.hostRoot().resolve("sys/fs/cgroup/cgroup.controllers");
        if (Files.isReadable(controllers)) {
            return Check.pass("cgroup-v2", "mounted at " + controllers.getParent());
        }
        String detail = "cgroup v2 is not mounted at " + controllers.getParent();
        return config.enforcement().guestControl() == AgentConfig.GuestControlMode.CGROUP
                ? Check.fail("cgroup-v2", detail + " (needed by enforcement.guestControl: cgroup)")
                : Check.warn(
                        "cgroup-v2", detail + " (guest CPU, memory and IO samples are missing)");
    }

    Check proxmox() {
        if (config.inventory().mode() != AgentConfig.InventoryMode.PROXMOX) {
            return Check.pass("proxmox", "static inventory: Proxmox paths not needed");
        }
        List<String> unreadable = new ArrayList<>();
        for (String p : List.of("etc/pve/qemu-server", "etc/pve/lxc")) {
            Path dir = config.hostRoot().resolve(p);
            if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
                unreadable.add(dir.toString());
            }
        }
        return unreadable.isEmpty()
                ? Check.pass("proxmox", "guest configs readable under " + config.hostRoot())
                : Check.fail(
                        "proxmox",
                        "not readable: "
                                + String.join(", ", unreadable)
                                + " (is this a Proxmox VE host, and pmxcfs mounted?)");
    }
}

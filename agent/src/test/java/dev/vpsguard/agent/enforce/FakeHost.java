package dev.vpsguard.agent.enforce;

import dev.vpsguard.protocol.GuestKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A recording stand-in for nft, ip and conntrack that answers the way the real tools did on Debian
 * 12 (nft 1.0.6, iproute2 6.1, conntrack 1.4.7), and a recording {@link GuestControl}.
 */
final class FakeHost implements CommandRunner, GuestControl {
    final List<String> commands = new ArrayList<>();
    final List<String> scripts = new ArrayList<>();
    final List<String> control = new ArrayList<>();

    /** Called before each {@code nft -f -}; returns an error text to fail it, or null. */
    Function<String, String> nftFailure = s -> null;

    boolean controlFails;
    String routeGetDev = "vmbr0";

    @Override
    public CommandResult run(List<String> argv, String stdin) {
        String cmd = String.join(" ", argv);
        commands.add(cmd);
        if (cmd.equals("nft -f -")) {
            String error = nftFailure.apply(stdin);
            if (error != null) {
                return new CommandResult(cmd, 1, "", error);
            }
            scripts.add(stdin);
            return new CommandResult(cmd, 0, "", "");
        }
        if (cmd.equals("nft -j list ruleset")) {
            // The agent's four tables, empty, and a foreign one (Proxmox's firewall).
            StringBuilder json = new StringBuilder("{\"nftables\": [");
            for (String t : NftablesRenderer.TABLES) {
                json.append("{\"table\": {\"family\": \"")
                        .append(t.split(" ")[0])
                        .append("\", \"name\": \"vpsguard\"}}, ");
            }
            json.append("{\"table\": {\"family\": \"inet\", \"name\": \"filter\"}}]}");
            return new CommandResult(cmd, 0, json.toString(), "");
        }
        if (cmd.startsWith("conntrack -D")) {
            return new CommandResult(
                    cmd,
                    1,
                    "",
                    "conntrack v1.4.7 (conntrack-tools): 0 flow entries have been deleted.\n");
        }
        if (cmd.contains(" -j ")) {
            return new CommandResult(cmd, 0, "[]", "");
        }
        if (cmd.contains(" route get ")) {
            String guest = argv.get(argv.indexOf("get") + 1);
            return new CommandResult(
                    cmd, 0, guest + " from x dev " + routeGetDev + " table 4025 uid 0\n", "");
        }
        return new CommandResult(cmd, 0, "", "");
    }

    List<String> commandsStartingWith(String prefix) {
        return commands.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    private Result record(String what) {
        control.add(what);
        return controlFails
                ? new Result(false, what + " exited 2: VM is locked (backup)")
                : new Result(true, what);
    }

    @Override
    public Result limitCpu(int vmid, GuestKind kind, double cores) {
        return record("limit " + vmid + " " + cores);
    }

    @Override
    public Result clearCpuLimit(int vmid, GuestKind kind) {
        return record("clear " + vmid);
    }

    @Override
    public Result suspend(int vmid, GuestKind kind) {
        return record("suspend " + vmid);
    }

    @Override
    public Result resume(int vmid, GuestKind kind) {
        return record("resume " + vmid);
    }
}

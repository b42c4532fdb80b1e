package dev.vpsguard.agent.enforce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code net.bridge.bridge-nf-call-iptables} and {@code -ip6tables} switches (module
 * br_netfilter). Only when they are 1 does bridged guest traffic reach the {@code ip}/{@code inet}
 * hooks: the agent's DNAT to the notice responder and conntrack (docs/lab.md). Proxmox's firewall
 * sets them when enabled. They are per network namespace.
 */
public final class BridgeNetfilter {
    /** The sysctl names, in the order they are checked. */
    public static final List<String> SYSCTLS =
            List.of("net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables");

    private final Path procSys;

    /**
     * @param hostRoot the root under which {@code /proc/sys} is found
     */
    public BridgeNetfilter(Path hostRoot) {
        this.procSys = hostRoot.resolve("proc/sys");
    }

    /**
     * The current values.
     *
     * @return sysctl name → its value ("0", "1"), or null when absent (br_netfilter not loaded) or
     *     unreadable
     */
    public Map<String, String> read() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : SYSCTLS) {
            try {
                out.put(name, Files.readString(file(name), StandardCharsets.US_ASCII).strip());
            } catch (IOException e) {
                out.put(name, null);
            }
        }
        return out;
    }

    /**
     * Sets every switch that is not 1 to 1.
     *
     * @return one line per switch that could not be set (empty when all are 1 now)
     */
    public List<String> enable() {
        List<String> problems = new ArrayList<>();
        read().forEach(
                        (name, value) -> {
                            if ("1".equals(value)) {
                                return;
                            }
                            try {
                                Files.writeString(file(name), "1\n", StandardCharsets.US_ASCII);
                            } catch (NoSuchFileException e) {
                                problems.add(name + " is absent: load br_netfilter (modprobe)");
                            } catch (IOException e) {
                                problems.add("cannot set " + name + "=1: " + e.getMessage());
                            }
                        });
        return problems;
    }

    private Path file(String sysctl) {
        return procSys.resolve(sysctl.replace('.', '/'));
    }
}

package dev.vpsguard.agent.doctor;

import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.enforce.Cidr;
import dev.vpsguard.agent.enforce.DesiredStateStore;
import dev.vpsguard.agent.enforce.RouteBack;
import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.agent.inventory.InventorySource;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.GuestNic;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The enforcement checks of {@code vpsguard-agent doctor}: the responder port and the routes back
 * to blocked guests.
 */
public final class EnforcementDoctor {
    private static final int TIMEOUT_MILLIS = 3000;

    private final AgentConfig config;
    private final InventorySource inventory;
    private final RouteBack routes;
    private final String responderAddress;
    private final String responderAddress6;

    /**
     * @param responderAddress the responder's address, or null when it could not be determined
     * @param responderAddress6 the responder's IPv6 address, or null when the host has none (then
     *     blocked guests' IPv6 addresses are not checked: their port 25 is dropped)
     */
    public EnforcementDoctor(
            AgentConfig config,
            InventorySource inventory,
            RouteBack routes,
            String responderAddress,
            String responderAddress6) {
        this.config = config;
        this.inventory = inventory;
        this.routes = routes;
        this.responderAddress = responderAddress;
        this.responderAddress6 = responderAddress6;
    }

    /** Every check, in the order printed. */
    public List<Check> run() {
        List<Check> out = new ArrayList<>();
        out.add(responderPort(responderAddress));
        if (responderAddress6 != null) {
            out.add(responderPort(responderAddress6));
        }
        out.add(routesBack());
        return out;
    }

    Check responderPort(String address) {
        int port = config.enforcement().responderPort();
        String at = (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, port));
            return Check.pass("responder", at + " is free for the notice responder");
        } catch (IOException bindFailed) {
            // Taken: by our own responder (it greets with 554 5.7.1) or by something else.
            String greeting = greeting(new InetSocketAddress(address, port));
            if (greeting != null && greeting.startsWith("554 5.7.1")) {
                return Check.pass("responder", at + " is served by a running vpsguard agent");
            }
            return Check.fail(
                    "responder",
                    at
                            + " cannot be used: "
                            + bindFailed.getMessage()
                            + (greeting == null ? "" : " (it answers: " + greeting + ")")
                            + "; free it or change enforcement.responderPort, else SMTP blocks"
                            + " fall back to a silent drop");
        }
    }

    Check routesBack() {
        Optional<DesiredState> state;
        try {
            state = new DesiredStateStore(config.stateDir()).load();
        } catch (IOException e) {
            return Check.warn("route-back", "cannot read the persisted state: " + e.getMessage());
        }
        List<String> blocked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Guest> guests = inventory.load();
        for (DesiredAction a : state.map(DesiredState::actions).orElse(List.of())) {
            if (a.type() != ActionType.SMTP_BLOCK) {
                continue;
            }
            for (Guest g : guests) {
                if (g.vmid() != a.vmid()) {
                    continue;
                }
                for (GuestNic nic : g.nics()) {
                    for (String ip : nic.ips() == null ? List.<String>of() : nic.ips()) {
                        if (ip.contains(":") && responderAddress6 == null || nic.bridge() == null) {
                            continue;
                        }
                        blocked.add(compressed(ip));
                        String why = routes.unreachableReason(ip, nic.bridge());
                        if (why != null) {
                            problems.add(a.vmid() + " " + why);
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            return Check.fail(
                    "route-back",
                    String.join("; ", problems)
                            + " (the guest gets no 554 notice; is the agent running?)");
        }
        return blocked.isEmpty()
                ? Check.pass("route-back", "no guest is SMTP-blocked")
                : Check.pass(
                        "route-back", "the responder reaches every blocked address " + blocked);
    }

    /** The address as iproute2 writes it (IPv6 compressed), or as given when it is none. */
    private static String compressed(String ip) {
        try {
            return Cidr.parse(ip).address();
        } catch (IllegalArgumentException e) {
            return ip;
        }
    }

    private static String greeting(InetSocketAddress at) {
        try (Socket s = new Socket()) {
            s.connect(at, TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            return new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        } catch (IOException e) {
            return null;
        }
    }
}

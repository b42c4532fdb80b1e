package dev.vpsguard.agent.doctor;

import dev.vpsguard.agent.config.AgentConfig;
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

    /**
     * @param responderAddress the responder's address, or null when it could not be determined
     */
    public EnforcementDoctor(
            AgentConfig config,
            InventorySource inventory,
            RouteBack routes,
            String responderAddress) {
        this.config = config;
        this.inventory = inventory;
        this.routes = routes;
        this.responderAddress = responderAddress;
    }

    /** Every check, in the order printed. */
    public List<Check> run() {
        List<Check> out = new ArrayList<>();
        out.add(responderPort());
        out.add(routesBack());
        return out;
    }

    Check responderPort() {
        int port = config.enforcement().responderPort();
        String at = responderAddress + ":" + port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(responderAddress, port));
            return Check.pass("responder", at + " is free for the notice responder");
        } catch (IOException bindFailed) {
            // Taken: by our own responder (it greets with 554 5.7.1) or by something else.
            String greeting = greeting(new InetSocketAddress(responderAddress, port));
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
                        if (ip.contains(":") || nic.bridge() == null) {
                            continue;
                        }
                        blocked.add(ip);
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

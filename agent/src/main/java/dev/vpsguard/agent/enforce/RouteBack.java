package dev.vpsguard.agent.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Keeps host routes back to blocked guests in the agent's own routing table, so the notice
 * responder's replies reach guests outside the host's subnets (docs/lab.md), without touching the
 * main table.
 *
 * <p>The table is selected by one rule per family that matches only the responder's replies: {@code
 * ip rule add from <responder> ipproto tcp sport <port> lookup <table> priority <prio>}. iproute2
 * supports {@code ipproto} and {@code sport} selectors since 4.17 (kernel 4.17); checked on
 * iproute2 6.1 / Debian 12. Locally generated replies are routed before the reverse DNAT rewrites
 * their source, so the socket's own address and port are what the rule sees.
 */
public final class RouteBack {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRunner runner;
    private final EnforcementConfig config;

    public RouteBack(CommandRunner runner, EnforcementConfig config) {
        this.runner = runner;
        this.config = config;
    }

    /**
     * Makes the table hold exactly one host route per address in {@code routes} (address → bridge),
     * and the selecting rules exist. Idempotent: unchanged routes are not touched. IPv6 addresses
     * are routed only when the config has an IPv6 responder.
     *
     * @return address → why its route could not be installed (empty when all went well)
     */
    public Map<String, String> sync(Map<String, String> routes) {
        Map<String, String> failures = new LinkedHashMap<>();
        SortedMap<Cidr, String> want = new TreeMap<>();
        routes.forEach(
                (ip, bridge) -> {
                    Cidr c = Cidr.parse(ip);
                    if (!c.v6() || config.responderV6() != null) {
                        want.put(new Cidr(c.address(), c.v6() ? 128 : 32, c.v6()), bridge);
                    }
                });
        // Per family: a missing IPv6 rule must not take the IPv4 notice path down with it.
        String ruleError4 = ensureRule(false, config.responderV4());
        String ruleError6 =
                config.responderV6() == null ? null : ensureRule(true, config.responderV6());
        Map<Cidr, String> have = currentRoutes();
        for (Map.Entry<Cidr, String> e : have.entrySet()) {
            if (!e.getValue().equals(want.get(e.getKey()))) {
                ip(e.getKey().v6(), "route", "del", e.getKey().toString(), "table", table());
            }
        }
        for (Map.Entry<Cidr, String> e : want.entrySet()) {
            String ip = e.getKey().address();
            String ruleError = e.getKey().v6() ? ruleError6 : ruleError4;
            if (ruleError != null) {
                failures.put(ip, ruleError);
            } else if (!e.getValue().equals(have.get(e.getKey()))) {
                CommandRunner.CommandResult r =
                        ip(
                                e.getKey().v6(),
                                "route",
                                "replace",
                                ip + "/" + e.getKey().prefixLength(),
                                "dev",
                                e.getValue(),
                                "table",
                                table());
                if (!r.ok()) {
                    failures.put(ip, r.describe());
                }
            }
        }
        return failures;
    }

    /**
     * Whether the responder's reply to {@code guestIp} would leave through {@code bridge}: asks the
     * kernel with {@code ip route get <guest> from <responder> ipproto tcp sport <port>}.
     *
     * @return null when it would, else why not
     */
    public String unreachableReason(String guestIp, String bridge) {
        Cidr guest = Cidr.parse(guestIp);
        String from = guest.v6() ? config.responderV6() : config.responderV4();
        if (from == null) {
            return "no IPv6 responder address configured";
        }
        CommandRunner.CommandResult r =
                ip(
                        guest.v6(),
                        "route",
                        "get",
                        guest.address(),
                        "from",
                        from,
                        "ipproto",
                        "tcp",
                        "sport",
                        Integer.toString(config.responderPort()));
        if (!r.ok()) {
            return "no route back to " + guest.address() + ": " + r.stderr().strip();
        }
        if (!(" " + r.stdout().replace('\n', ' ') + " ").contains(" dev " + bridge + " ")) {
            return "route back to "
                    + guest.address()
                    + " does not use "
                    + bridge
                    + ": "
                    + r.stdout().strip();
        }
        return null;
    }

    /** Deletes the agent's rules and every route in its table; nothing else. */
    public void removeAll() {
        for (boolean v6 : new boolean[] {false, true}) {
            while (ourRule(v6) != null) {
                if (!ip(v6, "rule", "del", "priority", Integer.toString(config.rulePriority()))
                        .ok()) {
                    break;
                }
            }
            ip(v6, "route", "flush", "table", table());
        }
    }

    private String ensureRule(boolean v6, String from) {
        JsonNode rule = ourRule(v6);
        String port = Integer.toString(config.responderPort());
        if (rule != null
                && from.equals(rule.path("src").asText())
                && "tcp".equals(rule.path("ipproto").asText())
                && port.equals(rule.path("sport").asText())
                && table().equals(rule.path("table").asText())) {
            return null;
        }
        if (rule != null) {
            // The config changed (address, port or table): replace our rule.
            ip(v6, "rule", "del", "priority", Integer.toString(config.rulePriority()));
        }
        CommandRunner.CommandResult r =
                ip(
                        v6,
                        "rule",
                        "add",
                        "from",
                        from,
                        "ipproto",
                        "tcp",
                        "sport",
                        port,
                        "lookup",
                        table(),
                        "priority",
                        Integer.toString(config.rulePriority()));
        return r.ok() ? null : "cannot add the routing rule: " + r.describe();
    }

    /** Our rule at our priority, or null. A foreign rule at that priority is not ours. */
    private JsonNode ourRule(boolean v6) {
        CommandRunner.CommandResult r =
                ip(v6, "-j", "rule", "show", "priority", Integer.toString(config.rulePriority()));
        for (JsonNode rule : parse(r)) {
            if (table().equals(rule.path("table").asText())) {
                return rule;
            }
        }
        return null;
    }

    private Map<Cidr, String> currentRoutes() {
        Map<Cidr, String> out = new TreeMap<>();
        for (boolean v6 : new boolean[] {false, true}) {
            // A table that never held a route does not exist yet: ip exits 2, which means empty.
            for (JsonNode route : parse(ip(v6, "-j", "route", "show", "table", table()))) {
                try {
                    out.put(Cidr.parse(route.path("dst").asText()), route.path("dev").asText());
                } catch (IllegalArgumentException e) {
                    // "default" or another non-host entry someone put in our table: left as is.
                }
            }
        }
        return out;
    }

    private static List<JsonNode> parse(CommandRunner.CommandResult r) {
        List<JsonNode> out = new ArrayList<>();
        if (!r.ok() || r.stdout().isBlank()) {
            return out;
        }
        try {
            JsonNode root = JSON.readTree(r.stdout());
            if (root != null && root.isArray()) {
                root.forEach(out::add);
            }
        } catch (IOException e) {
            // Unreadable listing: treated as empty, so the next sync re-adds what is missing.
        }
        return out;
    }

    private String table() {
        return Integer.toString(config.routeTable());
    }

    private CommandRunner.CommandResult ip(boolean v6, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("ip");
        if (v6) {
            argv.add("-6");
        }
        argv.addAll(List.of(args));
        return runner.run(argv);
    }
}

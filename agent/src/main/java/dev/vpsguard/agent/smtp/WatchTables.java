package dev.vpsguard.agent.smtp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpsguard.agent.enforce.CommandRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The agent's two observation tables, separate from the enforcement tables so that observation
 * works with enforcement off and enforcement's drift repair never sees learned elements as drift:
 *
 * <ul>
 *   <li>{@code inet vpsguard_watch}: a forward-hook rule that uses conntrack for {@code tcp dport
 *       25}, so that bridged guest flows are tracked (docs/lab.md: without some ip/inet rule using
 *       conntrack, bridged flows never reach it);
 *   <li>{@code bridge vpsguard_watch}: two dynamic sets, {@code port . source address}, updated by
 *       every SMTP SYN entering a bridge; {@link #portSources()} reads them, so a guest that
 *       changes its address stays attributed (see {@link GuestAddressBook}).
 * </ul>
 *
 * Only these two tables are ever written or deleted.
 */
public final class WatchTables {
    /** The tables, as {@code family name}. */
    public static final List<String> TABLES =
            List.of("inet vpsguard_watch", "bridge vpsguard_watch");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT =
            "table inet vpsguard_watch {}\n"
                    + "delete table inet vpsguard_watch\n"
                    + "table inet vpsguard_watch {\n"
                    + "\tchain smtp_watch {\n"
                    + "\t\ttype filter hook forward priority 0; policy accept;\n"
                    + "\t\ttcp dport 25 ct state new counter\n"
                    + "\t}\n"
                    + "}\n"
                    + "table bridge vpsguard_watch {}\n"
                    + "delete table bridge vpsguard_watch\n"
                    + "table bridge vpsguard_watch {\n"
                    + "\tset smtp_src4 {\n"
                    + "\t\ttype ifname . ipv4_addr; flags dynamic,timeout; timeout 30m; size 65536;\n"
                    + "\t}\n"
                    + "\tset smtp_src6 {\n"
                    + "\t\ttype ifname . ipv6_addr; flags dynamic,timeout; timeout 30m; size 65536;\n"
                    + "\t}\n"
                    + "\tchain learn {\n"
                    // Before the enforcement chain (-300): a blocked guest is still attributed.
                    + "\t\ttype filter hook prerouting priority -310; policy accept;\n"
                    + "\t\tether type ip tcp dport 25 tcp flags & (syn | ack) == syn"
                    + " update @smtp_src4 { iifname . ip saddr }\n"
                    + "\t\tether type ip6 tcp dport 25 tcp flags & (syn | ack) == syn"
                    + " update @smtp_src6 { iifname . ip6 saddr }\n"
                    + "\t}\n"
                    + "}\n";

    private final CommandRunner runner;

    public WatchTables(CommandRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** The script {@link #install()} feeds to {@code nft -f -}. */
    public static String script() {
        return SCRIPT;
    }

    /** Creates (or replaces) both tables in one nft transaction. */
    public CommandRunner.CommandResult install() {
        return runner.run(List.of("nft", "-f", "-"), SCRIPT);
    }

    /** Deletes both tables, whether or not they exist, in one transaction. */
    public CommandRunner.CommandResult remove() {
        StringBuilder script = new StringBuilder();
        for (String table : TABLES) {
            script.append("table ").append(table).append(" {}\n");
            script.append("delete table ").append(table).append('\n');
        }
        return runner.run(List.of("nft", "-f", "-"), script.toString());
    }

    /**
     * The port sightings in both sets.
     *
     * @throws IllegalStateException when a set cannot be listed (e.g. the table was removed), with
     *     nft's message
     */
    public List<PortSource> portSources() {
        List<PortSource> out = new ArrayList<>();
        for (String set : List.of("smtp_src4", "smtp_src6")) {
            CommandRunner.CommandResult r =
                    runner.run(
                            List.of("nft", "-j", "list", "set", "bridge", "vpsguard_watch", set));
            if (!r.ok()) {
                throw new IllegalStateException(r.describe());
            }
            out.addAll(parse(r.stdout()));
        }
        return out;
    }

    /**
     * The elements of one {@code nft -j list set} listing of an {@code ifname . addr} set.
     *
     * @throws IllegalArgumentException when {@code json} is not JSON
     */
    public static List<PortSource> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "nft -j output is not JSON: " + e.getOriginalMessage());
        }
        List<PortSource> out = new ArrayList<>();
        if (root == null) {
            return out;
        }
        for (JsonNode item : root.path("nftables")) {
            for (JsonNode elem : item.path("set").path("elem")) {
                // With timeouts an element is {"elem": {"val": {...}, "expires": n}}.
                JsonNode val = elem.has("elem") ? elem.path("elem").path("val") : elem;
                JsonNode concat = val.path("concat");
                if (concat.size() == 2 && concat.get(0).isTextual() && concat.get(1).isTextual()) {
                    out.add(new PortSource(concat.get(0).asText(), concat.get(1).asText()));
                }
            }
        }
        return out;
    }
}

package dev.vpsguard.agent.smtp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.agent.enforce.CommandRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The agent's two observation tables, separate from the enforcement tables so that observation
 * works with enforcement off and enforcement's drift repair never sees learned elements as drift:
 *
 * <ul>
 *   <li>{@code bridge vpsguard_watch}: marks every frame that enters from a guest's port ({@code
 *       tap*}, {@code veth*}, {@code fwpr*}) with {@link CountingRules#GUEST_MARK}, and keeps two
 *       dynamic sets, {@code port . source address}, updated by every TCP SYN entering a guest's
 *       port; {@link #portSources} reads them, so a guest that changes its address stays attributed
 *       (see {@link GuestAddressBook});
 *   <li>{@code inet vpsguard_watch}: the kernel's counts of each guest's new flows ({@link
 *       CountingRules}); its rules use conntrack, which also makes bridged flows tracked.
 * </ul>
 *
 * Only these two tables are ever written or deleted.
 */
public final class WatchTables {
    /** The tables, as {@code family name}. */
    public static final List<String> TABLES =
            List.of("inet vpsguard_watch", "bridge vpsguard_watch");

    private static final String BRIDGE_SCRIPT =
            "table bridge vpsguard_watch {}\n"
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
                    + "\t\tiifname { \"tap*\", \"veth*\", \"fwpr*\" } meta mark set meta mark or "
                    + String.format("0x%08x", CountingRules.GUEST_MARK)
                    + "\n"
                    + "\t\tether type ip tcp flags & (syn | ack) == syn"
                    + " update @smtp_src4 { iifname . ip saddr }\n"
                    + "\t\tether type ip6 tcp flags & (syn | ack) == syn"
                    + " update @smtp_src6 { iifname . ip6 saddr }\n"
                    + "\t}\n"
                    + "}\n";

    private final CommandRunner runner;

    public WatchTables(CommandRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** The bridge table's script. */
    public static String bridgeScript() {
        return BRIDGE_SCRIPT;
    }

    /** Both tables from scratch, counting into generation A from {@code since}. */
    public static String script(Duration answerDeadline, Instant since) {
        return CountingRules.install(answerDeadline, CountingRules.Generation.A, since)
                + BRIDGE_SCRIPT;
    }

    /** Creates (or replaces) the bridge table, leaving the counting table as it is. */
    public CommandRunner.CommandResult installBridge() {
        return runner.run(List.of("nft", "-f", "-"), BRIDGE_SCRIPT);
    }

    /** Creates (or replaces) both tables in one transaction; the kernel's counts start again. */
    public CommandRunner.CommandResult install(Duration answerDeadline, Instant since) {
        return runner.run(List.of("nft", "-f", "-"), script(answerDeadline, since));
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
     * The port sightings in both sets, read through {@code nft}.
     *
     * @throws IllegalStateException when a set cannot be listed (e.g. the table was removed), with
     *     nft's message
     */
    public static List<PortSource> portSources(NftSession nft) {
        List<PortSource> out = new ArrayList<>();
        for (String set : List.of("smtp_src4", "smtp_src6")) {
            out.addAll(parse(nft.run(null, "list set bridge vpsguard_watch " + set).json()));
        }
        return out;
    }

    /**
     * The elements of one {@code nft -j list set} listing of an {@code ifname . addr} set.
     *
     * @throws IllegalArgumentException when {@code json} is not JSON
     */
    public static List<PortSource> parse(String json) {
        JsonNode root = CountingListing.readTree(json);
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

package dev.vpsguard.agent.smtp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpsguard.agent.smtp.CountingRules.Generation;
import java.net.InetAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code nft -j list table inet vpsguard_watch} says: which generation the rules count into
 * (and since when), each generation's elements, and the flows still waiting for an answer. Parsed
 * from nftables 1.0.6's JSON (captures in {@code src/test/resources/nft/watch-counting-*.json}).
 *
 * @param active the generation the {@code count} chain points at, null when the chain is not the
 *     agent's (another layout, or emptied by hand)
 * @param since when the active generation started counting, null when its comment is missing
 * @param layout the layout fingerprint ({@link CountingRules#layout}), null when missing
 */
public record CountingListing(
        Generation active,
        Instant since,
        String layout,
        Map<Generation, Counts> generations,
        List<Pending> pending) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** New flows per source, protocol and port (25 for TCP to 25, else 0); also answered. */
    public record Flow(InetAddress source, String protocol, int port, long packets) {}

    /** New flows per source, destination, protocol and destination port (0 without ports). */
    public record Dest(
            InetAddress source, InetAddress destination, String protocol, int port, long packets) {}

    /** A flow waiting for its first answer. */
    public record Pending(InetAddress source, String protocol, int port) {}

    /** One generation's sets. */
    public record Counts(
            List<Flow> flows,
            List<Dest> dests,
            List<Flow> answered,
            Map<InetAddress, Long> refused) {
        static Counts empty() {
            return new Counts(
                    new ArrayList<>(),
                    new ArrayList<>(),
                    new ArrayList<>(),
                    new java.util.HashMap<>());
        }
    }

    /**
     * @throws IllegalArgumentException when {@code json} is not nft's JSON, naming what is wrong
     */
    public static CountingListing parse(String json) {
        JsonNode root = readTree(json);
        if (root == null || !root.path("nftables").isArray()) {
            throw new IllegalArgumentException("nft -j output has no \"nftables\" array");
        }
        Map<Generation, Counts> gens = new EnumMap<>(Generation.class);
        for (Generation g : Generation.values()) {
            gens.put(g, Counts.empty());
        }
        List<Pending> pending = new ArrayList<>();
        Generation active = null;
        Instant since = null;
        String layout = null;
        for (JsonNode item : root.path("nftables")) {
            JsonNode set = item.path("set");
            if (set.isObject()) {
                readSet(set, gens, pending);
            }
            JsonNode rule = item.path("rule");
            String note = rule.path("comment").asText("");
            if (rule.isObject() && note.startsWith(CountingRules.LAYOUT_PREFIX)) {
                layout = note.substring(CountingRules.LAYOUT_PREFIX.length());
            }
            if (rule.isObject() && "count".equals(rule.path("chain").asText())) {
                Generation g = generationOf(rule);
                if (g != null) {
                    active = g;
                }
                String comment = rule.path("comment").asText("");
                if (comment.startsWith(CountingRules.SINCE_PREFIX)) {
                    try {
                        since =
                                Instant.parse(
                                        comment.substring(CountingRules.SINCE_PREFIX.length()));
                    } catch (DateTimeParseException e) {
                        since = null;
                    }
                }
            }
        }
        return new CountingListing(active, since, layout, gens, pending);
    }

    private static void readSet(JsonNode set, Map<Generation, Counts> gens, List<Pending> pending) {
        String name = set.path("name").asText("");
        int us = name.indexOf('_');
        String kind = us < 0 ? name : name.substring(0, us);
        Generation g = us < 0 ? null : Generation.ofSuffix(name.substring(us + 1));
        for (JsonNode e : set.path("elem")) {
            // Elements with counters or timeouts are {"elem": {"val": ..., "counter": {...}}}.
            JsonNode elem = e.has("elem") ? e.path("elem") : e;
            JsonNode val = elem.has("val") ? elem.path("val") : elem;
            JsonNode key = val.path("concat");
            long packets = elem.path("counter").path("packets").asLong(0);
            if (kind.startsWith("pending") && key.size() == 5) {
                pending.add(
                        new Pending(address(key.get(0)), key.get(2).asText(), key.get(4).asInt()));
            } else if (g == null) {
                continue;
            } else if ((kind.startsWith("flows") || kind.startsWith("answered"))
                    && key.size() == 3) {
                Flow f =
                        new Flow(
                                address(key.get(0)),
                                key.get(1).asText(),
                                key.get(2).asInt(),
                                packets);
                (kind.startsWith("flows") ? gens.get(g).flows() : gens.get(g).answered()).add(f);
            } else if (kind.startsWith("dests") && key.size() == 4) {
                gens.get(g)
                        .dests()
                        .add(
                                new Dest(
                                        address(key.get(0)),
                                        address(key.get(1)),
                                        key.get(2).asText(),
                                        key.get(3).asInt(),
                                        packets));
            } else if (kind.startsWith("refused") && val.isTextual()) {
                gens.get(g).refused().merge(address(val), packets, Long::sum);
            }
        }
    }

    /**
     * nft's JSON as a tree (null for empty output).
     *
     * @throws IllegalArgumentException when it is not JSON
     */
    static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "nft -j output is not JSON: " + e.getOriginalMessage());
        }
    }

    /** The generation a {@code count} rule writes to, from the set it names. */
    private static Generation generationOf(JsonNode rule) {
        for (JsonNode stmt : rule.path("expr")) {
            JsonNode set = stmt.path("set").path("set");
            String name = set.asText("");
            if (name.startsWith("@flows") && name.length() > 2) {
                return Generation.ofSuffix(name.substring(name.length() - 1));
            }
        }
        return null;
    }

    private static InetAddress address(JsonNode node) {
        String text = node.asText("");
        try {
            return AddressLiteral.parse(text);
        } catch (ConntrackParseException e) {
            throw new IllegalArgumentException("not an address in nft's listing: " + text);
        }
    }
}

package dev.vpsguard.agent.enforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns the output of {@code nft -j list table <family> <name>} (or of {@code nft -j list ruleset},
 * split by table) into a canonical form that two listings of the same ruleset share, so drift can
 * be detected by comparing them.
 *
 * <p>What is dropped or normalized, and why:
 *
 * <ul>
 *   <li>the {@code metainfo} entry (nft version, not ruleset content);
 *   <li>every {@code handle} (the kernel allocates new ones on each re-create);
 *   <li>counter values ({@code packets}, {@code bytes}): traffic changes them, not drift;
 *   <li>the order of set elements, named or anonymous: the kernel's set backends do not promise an
 *       order;
 *   <li>object keys are sorted.
 * </ul>
 *
 * What is kept: tables, sets with type and flags, chains with hook, priority and policy, and every
 * rule's expression list in chain order (rule order is semantic).
 */
public final class NftJsonNormalizer {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private NftJsonNormalizer() {}

    /**
     * The canonical entries of one listing, one JSON text per table, set, chain or rule, in listing
     * order.
     *
     * @throws IllegalArgumentException when the text is not an nft JSON listing
     */
    public static List<String> normalize(String json) {
        List<String> out = new ArrayList<>();
        for (JsonNode entry : entries(json)) {
            if (!entry.isObject() || entry.has("metainfo")) {
                continue;
            }
            out.add(encode(entry));
        }
        return out;
    }

    /** The {@code nftables} array of a listing. */
    private static JsonNode entries(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("nftables").isArray()) {
            throw new IllegalArgumentException("not an nft JSON listing: no nftables array");
        }
        return root.get("nftables");
    }

    /** One entry in canonical form, as JSON text with sorted keys. */
    private static String encode(JsonNode entry) {
        try {
            return MAPPER.writeValueAsString(
                    MAPPER.treeToValue(canonical(entry, null), Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot re-encode: " + e.getOriginalMessage());
        }
    }

    /**
     * The canonical entries of {@code nft -j list ruleset}, split by table: for each of {@code
     * tables} ({@code "family name"}), its entries in listing order, or null when the ruleset has
     * no such table. Entries of other tables are skipped. One listing of the whole ruleset costs
     * one process where a listing per table costs one each, and nft 1.0.6 cannot batch {@code list}
     * commands in one {@code -f} script.
     *
     * @throws IllegalArgumentException when the text is not an nft JSON listing
     */
    public static Map<String, List<String>> normalizeRuleset(String json, List<String> tables) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (JsonNode entry : entries(json)) {
            if (!entry.isObject() || entry.has("metainfo") || entry.size() != 1) {
                continue;
            }
            Map.Entry<String, JsonNode> only = entry.fields().next();
            JsonNode body = only.getValue();
            String table =
                    body.path("family").asText()
                            + " "
                            + (only.getKey().equals("table")
                                    ? body.path("name").asText()
                                    : body.path("table").asText());
            if (tables.contains(table)) {
                out.computeIfAbsent(table, t -> new ArrayList<>()).add(encode(entry));
            }
        }
        Map<String, List<String>> all = new java.util.LinkedHashMap<>();
        for (String t : tables) {
            all.put(t, out.get(t));
        }
        return all;
    }

    private static JsonNode canonical(JsonNode node, String key) {
        if (node.isObject()) {
            ObjectNode copy = MAPPER.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (f.getKey().equals("handle")) {
                    continue;
                }
                if (f.getKey().equals("counter") && f.getValue().isObject()) {
                    // Anonymous counter in a rule: keep that it exists, not its values.
                    ObjectNode c = f.getValue().deepCopy();
                    c.remove("packets");
                    c.remove("bytes");
                    copy.set("counter", c);
                    continue;
                }
                copy.set(f.getKey(), canonical(f.getValue(), f.getKey()));
            }
            return copy;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(n -> items.add(canonical(n, null)));
            if ("elem".equals(key) || "set".equals(key)) {
                items.sort((a, b) -> a.toString().compareTo(b.toString()));
            }
            ArrayNode copy = MAPPER.createArrayNode();
            items.forEach(copy::add);
            return copy;
        }
        return node;
    }
}

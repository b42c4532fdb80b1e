package dev.vpsguard.server.console.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A decision's stored evidence (a JSON object) as the figures an operator reads on a page: one name
 * and value each, in the order the detector wrote them, instead of the raw JSON.
 */
final class Figures {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One figure: its name and its value as text (arrays and objects stay JSON). */
    public record Figure(String name, String value) {}

    private Figures() {}

    /**
     * The figures of {@code json}; empty for null, the whole text as one figure if not an object.
     */
    static List<Figure> of(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return List.of(new Figure("", json));
        }
        if (!node.isObject()) {
            return List.of(new Figure("", json));
        }
        List<Figure> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            JsonNode v = e.getValue();
            out.add(new Figure(e.getKey(), v.isValueNode() ? v.asText() : v.toString()));
        }
        return out;
    }
}

package dev.vpsguard.server.api;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON the server stored in a text column (evidence, parameters), turned back into a JSON value for
 * an API answer: an object, not JSON inside a string. A number that is not finite ({@code NaN}, a
 * value not measured) becomes {@code null}.
 */
public final class StoredJson {
    private static final JsonMapper READER =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private StoredJson() {}

    /** The stored value as JSON; null for none; the text itself if it is not JSON. */
    @Nullable
    public static JsonNode of(@Nullable String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        try {
            return finite(READER.readTree(stored));
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(stored);
        }
    }

    private static JsonNode finite(JsonNode node) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isTextual()
                && ("NaN".equals(node.textValue()) || node.textValue().endsWith("Infinity"))) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                field.setValue(finite(field.getValue()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, finite(node.get(i)));
            }
        }
        return node;
    }
}

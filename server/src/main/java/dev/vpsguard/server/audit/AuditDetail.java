package dev.vpsguard.server.audit;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vpsguard.server.api.StoredJson;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;

/**
 * An audit entry's stored detail as the API shows it: a JSON object. The table keeps one text
 * column, where the ladders write their reason followed by the evidence as JSON ({@code "strike 2
 * {\"score\":3.1}"}); the answer splits it into {@code text} and, when there is one, {@code
 * evidence}, so a client reads numbers instead of parsing a string.
 */
final class AuditDetail {
    private static final JsonMapper STRICT =
            JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private AuditDetail() {}

    /** The text, and {@code evidence} when the text ends with a JSON object. */
    @Nullable
    static AuditView.Detail of(@Nullable String stored) {
        if (stored == null) {
            return null;
        }
        int start = trailingObject(stored);
        if (start < 0) {
            return new AuditView.Detail(stored, null);
        }
        return new AuditView.Detail(
                stored.substring(0, start).stripTrailing(), StoredJson.of(stored.substring(start)));
    }

    /** Where the JSON object that ends {@code s} starts, or -1 when it does not end with one. */
    private static int trailingObject(String s) {
        if (!s.endsWith("}")) {
            return -1;
        }
        // The leftmost candidate that reads whole: a reason may itself hold a brace.
        for (int i = s.indexOf('{'); i >= 0; i = s.indexOf('{', i + 1)) {
            if (i > 0 && s.charAt(i - 1) != ' ') {
                continue;
            }
            try {
                JsonNode node = STRICT.readTree(s.substring(i));
                if (node != null && node.isObject()) {
                    return i;
                }
            } catch (IOException e) {
                // not JSON from here: try the next brace
            }
        }
        return -1;
    }
}

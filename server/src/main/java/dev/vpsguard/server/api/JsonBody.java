package dev.vpsguard.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.vpsguard.protocol.ProtocolJson;
import java.io.IOException;

/**
 * Reads an admin API request body strictly (unknown fields, wrong types and trailing data are
 * errors), with the protocol's mapper, and turns every failure into a 400 naming the field.
 */
public final class JsonBody {
    private JsonBody() {}

    public static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw ApiException.invalidField(null, "a JSON body is required");
        }
        try {
            T value = ProtocolJson.mapper().readValue(body, type);
            if (value == null) {
                throw ApiException.invalidField(null, "a JSON object is required");
            }
            return value;
        } catch (JsonMappingException e) {
            throw ApiException.invalidField(path(e), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiException.invalidField(null, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalidField(null, "unreadable body: " + e.getMessage());
        }
    }

    /** The JSON path of a mapping error, e.g. {@code guests[2].vmid}; null at the top level. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }
}

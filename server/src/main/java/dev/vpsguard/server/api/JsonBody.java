package dev.vpsguard.server.api;

import dev.vpsguard.protocol.InvalidMessageException;
import dev.vpsguard.protocol.ProtocolJson;

/**
 * Reads an admin API request body strictly (unknown fields, wrong types and trailing data are
 * errors), with the protocol's reader, and turns every failure into a 400 naming the field as a
 * JSON path, in words that name no Java type.
 */
public final class JsonBody {
    private JsonBody() {}

    public static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw ApiException.invalidField(null, "a JSON body is required");
        }
        T value;
        try {
            value = ProtocolJson.read(body, type);
        } catch (InvalidMessageException e) {
            throw ApiException.invalidField(e.field(), e.reason());
        }
        if (value == null) {
            throw ApiException.invalidField(null, "a JSON object is required");
        }
        return value;
    }
}

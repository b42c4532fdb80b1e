package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON encoding of the wire messages. Reading is strict: unknown fields, missing required fields,
 * wrong types and out-of-range values are rejected with an {@link InvalidMessageException} naming
 * the field.
 */
public final class ProtocolJson {
    /** The wire version this build speaks. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .addModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .defaultPropertyInclusion(
                            JsonInclude.Value.construct(
                                    JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                    .build();

    private ProtocolJson() {}

    /** The configured mapper, shared; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Encodes any wire message as UTF-8 JSON. */
    public static byte[] write(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes and validates one wire message.
     *
     * @throws InvalidMessageException naming the field that is wrong, and why
     */
    public static <T> T read(byte[] json, Class<T> type) throws InvalidMessageException {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new InvalidMessageException(null, e.getMessage());
        }
    }
}

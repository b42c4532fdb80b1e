package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * JSON encoding of the wire messages. Reading is strict: unknown fields, missing required fields,
 * wrong types and out-of-range values are rejected with an {@link InvalidMessageException} whose
 * {@code field()} is the JSON path of the offending field ({@code guests[3].smtp.newConnections}).
 */
public final class ProtocolJson {
    /** The wire version this build writes (the newest it reads). */
    public static final int VERSION = 3;

    /** The oldest wire version this build still reads. */
    public static final int OLDEST_VERSION = 1;

    /** Deepest nesting accepted; the schema needs 5. */
    static final int MAX_NESTING = 32;

    /** Longest string accepted, in characters; the schema's longest field is 4096. */
    static final int MAX_STRING = 64 * 1024;

    /**
     * Largest document accepted, in bytes. A report at every limit (5000 guests with 32 NICs of 64
     * addresses) would be larger, but a real one with 5000 guests is a few MiB; the server also
     * bounds the request body before parsing.
     */
    static final long MAX_DOCUMENT = 64L * 1024 * 1024;

    private static final ObjectMapper MAPPER =
            JsonMapper.builder(
                            JsonFactory.builder()
                                    .streamReadConstraints(
                                            StreamReadConstraints.builder()
                                                    .maxNestingDepth(MAX_NESTING)
                                                    .maxStringLength(MAX_STRING)
                                                    .maxNumberLength(64)
                                                    .maxDocumentLength(MAX_DOCUMENT)
                                                    .build())
                                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                                    // Schubfach, not Double.toString: the JDK 17 one allocated
                                    // a tenth of what the agent's report cycle did. The shortest
                                    // text that reads back as the same double.
                                    .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                                    .build())
                    // Instants are ISO-8601 text both ways; the only java.time type on the wire
                    // (and in the server's stored ladder states), so no JavaTimeModule.
                    .addModule(
                            new SimpleModule("iso-instant")
                                    .addSerializer(Instant.class, new IsoInstantSerializer())
                                    .addDeserializer(
                                            Instant.class, new StrictInstantDeserializer()))
                    // No guessing: "5" is not a number, 5 is not a string, 1 is not true.
                    .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                    .withCoercionConfig(LogicalType.Textual, ProtocolJson::refuseScalars)
                    .withCoercionConfig(LogicalType.Boolean, ProtocolJson::refuseScalars)
                    .withCoercionConfig(LogicalType.Integer, ProtocolJson::refuseScalars)
                    // JSON has one number type: 5 is a fine double; only text and booleans are not.
                    .withCoercionConfig(
                            LogicalType.Float,
                            c ->
                                    c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                            .setCoercion(
                                                    CoercionInputShape.EmptyString,
                                                    CoercionAction.Fail)
                                            .setCoercion(
                                                    CoercionInputShape.Boolean,
                                                    CoercionAction.Fail))
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .defaultPropertyInclusion(
                            JsonInclude.Value.construct(
                                    JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                    .build();

    private ProtocolJson() {}

    private static void refuseScalars(MutableCoercionConfig config) {
        for (CoercionInputShape shape :
                List.of(
                        CoercionInputShape.Integer,
                        CoercionInputShape.Float,
                        CoercionInputShape.Boolean,
                        CoercionInputShape.String,
                        CoercionInputShape.EmptyString)) {
            config.setCoercion(shape, CoercionAction.Fail);
        }
    }

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
     * Whether a report body is a {@link ReportDelta}: it has a top-level {@code baseSeq} ahead of
     * {@code guests} (writers put it fourth). Scans the top level only, skipping nested values, and
     * stops at {@code baseSeq} or {@code guests}, so a full report costs a few tokens, not a scan
     * of its guests. A body that is not valid JSON is not a delta (the strict read then says what
     * is wrong).
     */
    public static boolean isDelta(byte[] json) {
        return topLevelField(json, "baseSeq", "guests");
    }

    /** Whether the body has a top-level {@code baseSeq} anywhere (error messages only). */
    public static boolean hasBaseSeq(byte[] json) {
        return topLevelField(json, "baseSeq", null);
    }

    private static boolean topLevelField(byte[] json, String name, String stopAt) {
        if (json == null || json.length == 0) {
            return false;
        }
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (name.equals(field)) {
                    return true;
                }
                if (field.equals(stopAt)) {
                    return false;
                }
                p.nextToken();
                p.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Decodes and validates one wire message.
     *
     * @throws InvalidMessageException naming the field that is wrong, and why
     */
    public static <T> T read(byte[] json, Class<T> type) throws InvalidMessageException {
        if (json == null || json.length == 0) {
            throw new InvalidMessageException(null, "empty body: expected a JSON object");
        }
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw JsonErrors.explain(e);
        }
        if (value == null) {
            // The document "null": valid JSON, but no message.
            throw new InvalidMessageException(null, "expected a JSON object, was null");
        }
        return value;
    }
}

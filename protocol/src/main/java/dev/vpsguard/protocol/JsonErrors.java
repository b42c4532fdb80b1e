package dev.vpsguard.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what Jackson or a record constructor threw while reading into an {@link
 * InvalidMessageException} whose field is a JSON path: the databind path of the failing value,
 * joined with the component a {@link FieldViolation} names, or the parser's position for errors met
 * while reading tokens.
 */
final class JsonErrors {
    static final String NOT_AN_INSTANT = "not a valid ISO-8601 instant";

    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    private JsonErrors() {}

    /**
     * Turns whatever Jackson or a record constructor threw into a named-field error; an empty path
     * (the document as a whole) is reported as no field.
     */
    static InvalidMessageException explain(IOException e) {
        InvalidMessageException named = explainWithPath(e);
        if (named.field() != null && named.field().isEmpty()) {
            return new InvalidMessageException(null, named.reason());
        }
        return named;
    }

    private static InvalidMessageException explainWithPath(IOException e) {
        // Databind wraps the streaming parser's errors met inside an object; what went wrong is
        // the parser's error, so explain that one (the path comes from the parser's context).
        if (e instanceof JsonMappingException jme
                && jme.getCause() instanceof JsonProcessingException inner
                && !(inner instanceof JsonMappingException)
                && !(inner instanceof InputCoercionException)) {
            return explain(inner);
        }
        if (e instanceof JsonMappingException jme
                && jme.getCause() instanceof InputCoercionException ice) {
            String bits = ice.getTargetType() == int.class ? "32" : "64";
            return new InvalidMessageException(
                    path(jme.getPath()), "out of range for a " + bits + "-bit integer");
        }
        if (e instanceof ValueInstantiationException vie) {
            String path = path(vie.getPath());
            Throwable cause = vie.getCause();
            if (cause instanceof FieldViolation fv) {
                return new InvalidMessageException(join(path, fv.field()), fv.reason());
            }
            return new InvalidMessageException(
                    path.isEmpty() ? null : path,
                    cause == null ? "invalid value" : cause.getMessage());
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            String name = upe.getPropertyName();
            return new InvalidMessageException(
                    path(upe.getPath()),
                    name == null || name.isEmpty() ? "unknown field \"\"" : "unknown field");
        }
        if (e instanceof InvalidFormatException ife) {
            if (ife.getTargetType() == Instant.class) {
                return new InvalidMessageException(path(ife.getPath()), NOT_AN_INSTANT);
            }
            String target = ife.getTargetType() == null ? "a value" : describe(ife.getTargetType());
            return new InvalidMessageException(
                    path(ife.getPath()), "expected " + target + ", was " + ife.getValue());
        }
        if (e instanceof MismatchedInputException mie) {
            String path = path(mie.getPath());
            String msg = String.valueOf(mie.getOriginalMessage());
            if (msg.startsWith("Missing required creator property")) {
                Matcher m = QUOTED.matcher(msg);
                String name = m.find() ? m.group(1) : "?";
                // Newer Jackson versions already end the path with the missing property.
                boolean named = path.equals(name) || path.endsWith("." + name);
                return new InvalidMessageException(named ? path : join(path, name), "required");
            }
            if (msg.contains("Trailing token")) {
                return new InvalidMessageException(null, "trailing data after the JSON value");
            }
            if (msg.startsWith("Cannot map `null` into type")) {
                return new InvalidMessageException(path, "required");
            }
            if (mie.getTargetType() != null) {
                if (mie.getTargetType() == Instant.class
                        || mie.getCause() instanceof DateTimeParseException) {
                    return new InvalidMessageException(path, NOT_AN_INSTANT);
                }
                return new InvalidMessageException(
                        path.isEmpty() ? null : path, "expected " + describe(mie.getTargetType()));
            }
            return new InvalidMessageException(path.isEmpty() ? null : path, msg);
        }
        if (e instanceof JsonMappingException jme) {
            String path = path(jme.getPath());
            if (jme.getCause() instanceof DateTimeParseException) {
                return new InvalidMessageException(path, "not a valid ISO-8601 instant");
            }
            return new InvalidMessageException(
                    path.isEmpty() ? null : path, String.valueOf(jme.getOriginalMessage()));
        }
        if (e instanceof StreamConstraintsException sce) {
            return new InvalidMessageException(null, "too large: " + sce.getOriginalMessage());
        }
        if (e instanceof JsonParseException jpe
                && String.valueOf(jpe.getOriginalMessage()).startsWith("Duplicate field")) {
            Matcher m = QUOTED.matcher(jpe.getOriginalMessage());
            String parent = jpe.getProcessor() == null ? "" : contextPath(jpe.getProcessor());
            return new InvalidMessageException(
                    join(parent, m.find() ? m.group(1) : "?"), "duplicate field");
        }
        if (e instanceof JsonProcessingException jpe) {
            JsonLocation at = jpe.getLocation();
            String where =
                    at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            return new InvalidMessageException(null, "malformed JSON" + where);
        }
        return new InvalidMessageException(null, "unreadable body: " + e.getMessage());
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of the allowed values";
        }
        if (type == int.class
                || type == Integer.class
                || type == long.class
                || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.getName().startsWith("java.time")) {
            return "an ISO-8601 instant";
        }
        return "an object";
    }

    /** {@code [Report["guests"], ArrayList[3], GuestSample["smtp"]]} → {@code guests[3].smtp}. */
    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /**
     * The JSON path of the object the parser is in, for errors Jackson raises while reading tokens,
     * before any databind path exists.
     */
    private static String contextPath(JsonParser parser) {
        List<String> steps = new ArrayList<>();
        for (JsonStreamContext c = parser.getParsingContext();
                c != null && c.getParent() != null && !c.getParent().inRoot();
                c = c.getParent()) {
            JsonStreamContext parent = c.getParent();
            steps.add(
                    parent.inArray()
                            ? "[" + parent.getCurrentIndex() + "]"
                            : String.valueOf(parent.getCurrentName()));
        }
        String path = "";
        for (int i = steps.size() - 1; i >= 0; i--) {
            path = join(path, steps.get(i));
        }
        return path;
    }

    private static String join(String path, String field) {
        if (path.isEmpty()) {
            return field;
        }
        return field.startsWith("[") ? path + field : path + "." + field;
    }
}

package dev.vpsguard.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the agent's YAML configuration. Binding is strict: unknown keys, duplicate keys and values
 * of the wrong type are errors. Every error becomes a {@link ConfigException} naming file, key,
 * value and reason.
 */
public final class AgentConfigLoader {
    /** Where the packaged agent looks when {@code --config} is not given. */
    public static final Path DEFAULT_FILE = Path.of("/etc/vpsguard/agent.yml");

    private static final ObjectMapper YAML =
            JsonMapper.builder(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private static final Map<Class<?>, String> TYPE_NAMES =
            Map.of(
                    Integer.class, "an integer",
                    Long.class, "an integer",
                    Boolean.class, "true or false",
                    String.class, "a single value (text)",
                    List.class, "a list");

    private AgentConfigLoader() {}

    /** Reads and validates {@code file}. */
    public static AgentConfig load(Path file) throws ConfigException {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, null, null, "file not found");
        } catch (IOException e) {
            throw new ConfigException(name, null, null, "cannot read: " + e.getMessage());
        }
        return parse(name, new String(bytes, StandardCharsets.UTF_8));
    }

    /** Parses and validates YAML text; {@code fileName} only appears in error messages. */
    public static AgentConfig parse(String fileName, String yaml) throws ConfigException {
        RawConfig raw = bind(fileName, yaml);
        return new ConfigValidator(fileName).validate(raw);
    }

    /**
     * Checks a server base URL given outside the file (e.g. {@code enroll --server}); returns it
     * without a trailing slash.
     *
     * @param source what to name in the error, e.g. {@code --server}
     */
    public static java.net.URI parseServerUrl(String source, String url) throws ConfigException {
        return new ConfigValidator(source).url(url);
    }

    /** Binds YAML to the raw records, with no defaults applied (null for absent keys). */
    static RawConfig bind(String fileName, String yaml) throws ConfigException {
        if (yaml.isBlank()) {
            throw new ConfigException(fileName, null, null, "the file is empty");
        }
        RawConfig raw;
        try {
            raw = YAML.readValue(yaml, RawConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(
                    fileName, path(e), null, "unknown key; allowed here: " + known(e));
        } catch (InvalidFormatException e) {
            throw new ConfigException(
                    fileName, path(e), quote(e.getValue()), "must be " + typeName(e));
        } catch (MismatchedInputException e) {
            throw new ConfigException(fileName, path(e), currentText(e), "must be " + typeName(e));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonProcessingException syntax
                    && !(syntax instanceof JsonMappingException)) {
                throw syntaxError(fileName, syntax);
            }
            throw new ConfigException(fileName, path(e), null, oneLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw syntaxError(fileName, e);
        }
        if (raw == null) {
            throw new ConfigException(fileName, null, null, "the file is empty");
        }
        return raw;
    }

    private static ConfigException syntaxError(String fileName, JsonProcessingException e) {
        String where =
                e.getLocation() == null
                        ? ""
                        : " at line "
                                + e.getLocation().getLineNr()
                                + ", column "
                                + e.getLocation().getColumnNr();
        return new ConfigException(
                fileName,
                null,
                null,
                "not valid YAML" + where + ": " + oneLine(e.getOriginalMessage()));
    }

    /** The dotted path of a Jackson error: {@code inventory.guests[2].vmid}. */
    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String known(UnrecognizedPropertyException e) {
        Collection<Object> ids = e.getKnownPropertyIds();
        return ids == null
                ? "?"
                : String.join(", ", new TreeSet<>(ids.stream().map(String::valueOf).toList()));
    }

    private static String typeName(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target == null) {
            return "of another type";
        }
        if (target.isRecord()) {
            return "a mapping of keys";
        }
        return TYPE_NAMES.getOrDefault(target, "a " + target.getSimpleName());
    }

    private static String currentText(MismatchedInputException e) {
        Object processor = e.getProcessor();
        if (processor instanceof JsonParser p) {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                return t == JsonToken.START_OBJECT ? "(a mapping)" : "(a list)";
            }
            try {
                String text = p.getText();
                return text == null ? null : quote(text);
            } catch (IOException ignored) {
                return null;
            }
        }
        return null;
    }

    static String quote(Object value) {
        if (value == null) {
            return "(empty)";
        }
        if (value instanceof String s) {
            return "\"" + s.replace("\"", "\\\"") + "\"";
        }
        return String.valueOf(value);
    }

    /** A multi-line parser message (snakeyaml's marks with line and column) on one line. */
    private static String oneLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        return s.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.equals("^"))
                .reduce((a, b) -> a + " " + b)
                .orElse("unreadable")
                .replaceAll("\\s+", " ");
    }
}

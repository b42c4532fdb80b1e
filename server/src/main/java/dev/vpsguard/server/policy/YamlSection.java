package dev.vpsguard.server.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of a policy file, read key by key. Every value read is checked on the spot, and
 * {@link #finish()} rejects the keys nobody asked for, so a typo never silently falls back to a
 * default. Every error names the file and the dotted key.
 */
final class YamlSection {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d)");

    private final String file;
    private final String path;
    private final JsonNode node;
    private final Set<String> asked = new LinkedHashSet<>();

    YamlSection(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
        if (node != null && !node.isObject()) {
            throw fail("", node.asText(), "must be a mapping of keys to values");
        }
    }

    /** True when the file wrote this section at all (so its rule must cite a clause). */
    boolean present() {
        return node != null;
    }

    String file() {
        return file;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    PolicyException fail(String name, Object value, String reason) {
        return new PolicyException(file, name.isEmpty() ? path : key(name), value, reason);
    }

    private JsonNode get(String name) {
        asked.add(name);
        JsonNode v = node == null ? null : node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    /** Whether the file wrote {@code name} here; does not count as reading it. */
    boolean has(String name) {
        return node != null && node.has(name);
    }

    /** The value of {@code name} as written, for an error message (null when absent). */
    String raw(String name) {
        JsonNode v = node == null ? null : node.get(name);
        return v == null ? null : v.isValueNode() ? v.asText() : "…";
    }

    YamlSection section(String name) {
        JsonNode v = get(name);
        return new YamlSection(file, key(name), v);
    }

    List<YamlSection> sections(String name) {
        JsonNode v = get(name);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw fail(name, v.asText(), "must be a list");
        }
        List<YamlSection> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(new YamlSection(file, key(name) + "[" + i + "]", v.get(i)));
        }
        return out;
    }

    String text(String name, String fallback) {
        JsonNode v = get(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw fail(name, v.toString(), "must be non-blank text");
        }
        return v.asText().strip();
    }

    /**
     * The clause a rule implements: required when the section is written in the file, else the
     * built-in default's clause.
     */
    String clause(String fallback) {
        String c = text("clause", null);
        if (c == null) {
            if (present()) {
                throw fail(
                        "clause", null, "every rule must cite the contract clause it implements");
            }
            return fallback;
        }
        return c;
    }

    double number(String name, double fallback, double min, double max) {
        JsonNode v = get(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw fail(name, v.asText(), "must be a number");
        }
        double d = v.asDouble();
        if (!(d >= min && d <= max)) {
            throw fail(name, v.asText(), "must be between " + plain(min) + " and " + plain(max));
        }
        return d;
    }

    long integer(String name, long fallback, long min, long max) {
        JsonNode v = get(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw fail(name, v.asText(), "must be a whole number");
        }
        long l = v.asLong();
        if (l < min || l > max) {
            throw fail(name, v.asText(), "must be between " + min + " and " + max);
        }
        return l;
    }

    /**
     * A duration written as a number and one unit: {@code 90s}, {@code 15m}, {@code 1h}, {@code
     * 7d}.
     */
    Duration duration(String name, Duration fallback, Duration min) {
        JsonNode v = get(name);
        if (v == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v.asText().strip());
        if (!v.isTextual() || !m.matches()) {
            throw fail(name, v.asText(), "must be a number and a unit s, m, h or d, e.g. 15m");
        }
        long n = Long.parseLong(m.group(1));
        Duration d =
                switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
        if (d.compareTo(min) < 0) {
            throw fail(name, v.asText(), "must be at least " + min.toSeconds() + "s");
        }
        return d;
    }

    <E> E choice(String name, E fallback, Map<String, E> choices) {
        JsonNode v = get(name);
        if (v == null) {
            return fallback;
        }
        E e = v.isTextual() ? choices.get(v.asText()) : null;
        if (e == null) {
            throw fail(name, v.asText(), "must be one of " + new TreeSet<>(choices.keySet()));
        }
        return e;
    }

    List<JsonNode> list(String name) {
        JsonNode v = get(name);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw fail(name, v.asText(), "must be a list");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** Rejects every key of this mapping that no reader asked for. */
    void finish() {
        if (node == null) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!asked.contains(e.getKey())) {
                throw fail(
                        e.getKey(),
                        e.getValue().isValueNode() ? e.getValue().asText() : "…",
                        "unknown key; known keys here: " + asked);
            }
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : Double.toString(d);
    }
}

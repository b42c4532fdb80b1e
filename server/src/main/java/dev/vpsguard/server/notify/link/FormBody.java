package dev.vpsguard.server.notify.link;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An {@code application/x-www-form-urlencoded} body, decoded field by field so that one malformed
 * percent-escape ({@code %ZZ}, a trailing {@code %}) makes that field unreadable instead of the
 * whole request failing. A pair whose name cannot be decoded names no field the page knows, so it
 * is ignored like any unknown field.
 *
 * @param values the first value of each readable field
 * @param unreadable the fields whose value could not be decoded
 */
public record FormBody(Map<String, String> values, Set<String> unreadable) {
    /** More pairs than a form of two fields can need: the rest is ignored. */
    static final int MAX_PAIRS = 16;

    public static FormBody parse(byte[] body) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> unreadable = new LinkedHashSet<>();
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        int pairs = 0;
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty() || pairs++ >= MAX_PAIRS) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name == null || values.containsKey(name) || unreadable.contains(name)) {
                continue;
            }
            String value = decode(eq < 0 ? "" : pair.substring(eq + 1));
            if (value == null) {
                unreadable.add(name);
            } else {
                values.put(name, value);
            }
        }
        return new FormBody(Map.copyOf(values), Set.copyOf(unreadable));
    }

    /** The field's value; null when absent or unreadable. */
    public String get(String name) {
        return values.get(name);
    }

    public boolean isUnreadable(String name) {
        return unreadable.contains(name);
    }

    /** One component, {@code +} as space; null when its percent-escapes are malformed. */
    private static String decode(String component) {
        try {
            return QueryStringDecoder.decodeComponent(component, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package dev.vpsguard.server.notify;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Notification maps are copied sorted by key, so the JSON and the mails list them in one order. */
final class Sorted {
    private Sorted() {}

    static <V> Map<String, V> of(Map<String, V> m) {
        return Collections.unmodifiableMap(new TreeMap<>(m == null ? Map.of() : m));
    }
}

package dev.vpsguard.server.console.page;

import dev.vpsguard.server.console.access.ConsoleUser;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's texts in French and English (resource bundles {@code console/messages_*}). The
 * language is the user's choice, else the browser's Accept-Language, else English.
 */
public final class Messages {
    public static final List<String> LANGUAGES = List.of("en", "fr");
    private static final Map<String, Map<String, String>> CACHE = new ConcurrentHashMap<>();

    private Messages() {}

    public static String language(@Nullable ConsoleUser user, HttpRequest<?> request) {
        if (user != null && user.language() != null && LANGUAGES.contains(user.language())) {
            return user.language();
        }
        String header = request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE);
        if (header != null) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                    String lang = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                    if (LANGUAGES.contains(lang)) {
                        return lang;
                    }
                }
            } catch (IllegalArgumentException malformed) {
                // A malformed header is the browser's problem; English then.
            }
        }
        return "en";
    }

    /** Every text of {@code language}, by key. */
    public static Map<String, String> of(String language) {
        return CACHE.computeIfAbsent(
                language,
                l -> {
                    ResourceBundle bundle =
                            ResourceBundle.getBundle(
                                    "console.messages",
                                    Locale.forLanguageTag(l),
                                    ResourceBundle.Control.getNoFallbackControl(
                                            ResourceBundle.Control.FORMAT_PROPERTIES));
                    Map<String, String> texts = new TreeMap<>();
                    bundle.keySet().forEach(k -> texts.put(k, bundle.getString(k)));
                    return Map.copyOf(texts);
                });
    }
}

package dev.vpsguard.server.policy;

import java.util.Locale;

/** The language of a tenant's emails (clause N1): French by default, or English. */
public enum Language {
    FR,
    EN;

    /** Parses {@code fr} or {@code en}, any case. */
    public static Language parse(String value) {
        if (value != null) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "fr":
                    return FR;
                case "en":
                    return EN;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("language must be fr or en, got '" + value + "'");
    }
}

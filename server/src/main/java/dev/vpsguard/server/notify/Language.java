package dev.vpsguard.server.notify;

import java.util.Locale;

/** The tenant's language for customer mail and pages. French is the default (contract N1). */
public enum Language {
    FR(Locale.FRENCH),
    EN(Locale.ENGLISH);

    private final Locale locale;

    Language(Locale locale) {
        this.locale = locale;
    }

    public Locale locale() {
        return locale;
    }

    /** The code used in template directories and on the wire: {@code fr} or {@code en}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tenant's configured language. */
    public static Language of(dev.vpsguard.server.policy.Language tenantLanguage) {
        return tenantLanguage == dev.vpsguard.server.policy.Language.EN ? EN : FR;
    }

    /** Parses {@code fr}/{@code en} (any case); anything else, including null, is French. */
    public static Language fromCode(String code) {
        return code != null && code.trim().equalsIgnoreCase("en") ? EN : FR;
    }
}

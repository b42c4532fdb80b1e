package dev.vpsguard.server.api;

/**
 * The written reason every human decision carries (refusals, approvals, overrides, reinstatements).
 */
public final class Reasons {
    /** The longest reason a request or decision may carry, in characters. */
    public static final int MAX = 2000;

    private Reasons() {}

    /**
     * {@code value} stripped.
     *
     * @throws ApiException 400 naming {@code field} when it is blank or longer than {@link #MAX}
     */
    public static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "a written " + field + " is required");
        }
        if (value.length() > MAX) {
            throw ApiException.invalidField(field, "at most " + MAX + " characters");
        }
        return value.strip();
    }
}

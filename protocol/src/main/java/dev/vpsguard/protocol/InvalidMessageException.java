package dev.vpsguard.protocol;

/**
 * A message that is not valid JSON or breaks the schema. {@link #field()} names the offending field
 * as a JSON path ({@code guests[2].smtp.newConnections}), or is null when the document as a whole
 * is malformed.
 */
public final class InvalidMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public InvalidMessageException(String field, String reason) {
        super(field == null ? reason : field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The offending field as a JSON path, or null for a malformed document. */
    public String field() {
        return field;
    }

    /** What is wrong with it, in words. */
    public String reason() {
        return reason;
    }
}

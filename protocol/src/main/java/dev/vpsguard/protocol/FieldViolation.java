package dev.vpsguard.protocol;

/**
 * Thrown by a wire record's constructor when one of its fields breaks the schema. {@link #field()}
 * is the component name relative to that record; {@link ProtocolJson#read} prefixes it with the
 * record's position in the document, so callers see {@code guests[3].vmid}.
 */
public final class FieldViolation extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public FieldViolation(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The offending component, relative to the record that threw. */
    public String field() {
        return field;
    }

    /** What is wrong with it. */
    public String reason() {
        return reason;
    }
}

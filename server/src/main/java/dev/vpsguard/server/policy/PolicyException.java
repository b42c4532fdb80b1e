package dev.vpsguard.server.policy;

/** A policy file is invalid. The message names the file, the dotted key, the value and why. */
public final class PolicyException extends RuntimeException {
    private final String file;
    private final String key;

    public PolicyException(String file, String key, Object value, String reason) {
        super(file + ": " + key + " = " + render(value) + ": " + reason);
        this.file = file;
        this.key = key;
    }

    /** The policy file, as given to the loader. */
    public String file() {
        return file;
    }

    /** The dotted key, e.g. {@code ladder.rungs[1].min_duration}; empty for the whole file. */
    public String key() {
        return key;
    }

    private static String render(Object value) {
        return value == null ? "(missing)" : "'" + value + "'";
    }
}

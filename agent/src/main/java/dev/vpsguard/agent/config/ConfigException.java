package dev.vpsguard.agent.config;

/**
 * A configuration file the agent cannot start with. The message is one line naming the file, the
 * key as a dotted path ({@code inventory.guests[2].vmid}), the bad value and the reason.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String key;
    private final String value;
    private final String reason;

    public ConfigException(String file, String key, String value, String reason) {
        super(format(file, key, value, reason));
        this.file = file;
        this.key = key;
        this.value = value;
        this.reason = reason;
    }

    private static String format(String file, String key, String value, String reason) {
        StringBuilder b = new StringBuilder("config error in ").append(file);
        if (key != null && !key.isEmpty()) {
            b.append(": key '").append(key).append('\'');
        }
        if (value != null) {
            b.append(" = ").append(value);
        }
        return b.append(": ").append(reason).toString().replace('\n', ' ').replace('\r', ' ');
    }

    /** The file that holds the error. */
    public String file() {
        return file;
    }

    /** The dotted key path, or null when the file as a whole is wrong. */
    public String key() {
        return key;
    }

    /** The offending value as written (quoted when it was a string), or null. */
    public String value() {
        return value;
    }

    /** Why the value is wrong. */
    public String reason() {
        return reason;
    }
}

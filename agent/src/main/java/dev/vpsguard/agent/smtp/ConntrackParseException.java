package dev.vpsguard.agent.smtp;

/**
 * Thrown by {@link ConntrackEventParser#parse(String)} when a line is not a {@code conntrack -E -o
 * timestamp,id} TCP event. It is the only exception the parser throws. The message names the reason
 * and quotes at most the first {@value #QUOTE_LIMIT} characters of the line; it stays on the host
 * (it is logged locally, never reported).
 */
public final class ConntrackParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The longest part of the offending line that a message quotes, in characters. */
    public static final int QUOTE_LIMIT = 160;

    ConntrackParseException(String reason, String line) {
        super(reason + ": \"" + quote(line) + "\"");
    }

    ConntrackParseException(String reason, String line, Throwable cause) {
        super(reason + ": \"" + quote(line) + "\"", cause);
    }

    private static String quote(String line) {
        if (line == null) {
            return "null";
        }
        return line.length() <= QUOTE_LIMIT ? line : line.substring(0, QUOTE_LIMIT) + "...";
    }
}

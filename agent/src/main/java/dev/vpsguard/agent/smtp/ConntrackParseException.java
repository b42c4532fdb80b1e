package dev.vpsguard.agent.smtp;

/**
 * A line that is not a TCP conntrack event in the format {@link ConntrackEventParser} reads.
 * Checked, so that every caller decides what a bad line means (the agent counts it and skips the
 * line). The message names the reason and the offending token, never the whole line.
 */
public final class ConntrackParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConntrackParseException(String message) {
        super(message);
    }
}

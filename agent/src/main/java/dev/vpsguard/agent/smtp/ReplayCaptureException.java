package dev.vpsguard.agent.smtp;

import java.io.IOException;

/** A replay capture that cannot be used: the message names it, the line and the reason. */
public final class ReplayCaptureException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * @param source the capture, as configured ({@code builtin:demo} or a path)
     * @param reason what is wrong, with the line number when one line is
     */
    public ReplayCaptureException(String source, String reason) {
        super(source + ": " + reason);
        this.reason = reason;
    }

    /** What is wrong, without the source's name. */
    public String reason() {
        return reason;
    }
}

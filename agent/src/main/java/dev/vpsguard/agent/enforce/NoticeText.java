package dev.vpsguard.agent.enforce;

/**
 * Makes a notice safe to send as the text of one SMTP reply line: printable ASCII only, one line,
 * and short enough that {@code "554 5.7.1 " + text + CRLF} fits the 512-octet reply line limit of
 * RFC 5321 section 4.5.3.1.5.
 */
public final class NoticeText {
    /** Octets of text left after {@code "554 5.7.1 "} (10) and CRLF (2) in a 512-octet line. */
    public static final int MAX_LENGTH = 500;

    /** What a blocked guest is told when no specific notice is known. */
    public static final String DEFAULT =
            "Outbound SMTP from this server is blocked by your hosting provider."
                    + " Contact support for details.";

    private NoticeText() {}

    /**
     * The sanitized text: control characters and whitespace runs become one space, non-ASCII
     * becomes {@code ?}, the result is trimmed and cut to {@link #MAX_LENGTH}. Blank or null text
     * gives {@code fallback} (sanitized the same way, or {@link #DEFAULT} if that is blank too).
     */
    public static String sanitize(String text, String fallback) {
        String clean = clean(text);
        if (!clean.isEmpty()) {
            return clean;
        }
        String fb = clean(fallback);
        return fb.isEmpty() ? DEFAULT : fb;
    }

    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        boolean space = false;
        for (int i = 0; i < text.length() && out.length() < MAX_LENGTH; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp <= 0x20
                    || cp == 0x7F
                    || Character.isWhitespace(cp)
                    || Character.isISOControl(cp)) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
                if (out.length() >= MAX_LENGTH) {
                    break;
                }
            }
            out.append(cp < 0x7F ? (char) cp : '?');
        }
        return out.toString().strip();
    }
}

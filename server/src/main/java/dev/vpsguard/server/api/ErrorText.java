package dev.vpsguard.server.api;

import dev.vpsguard.protocol.ErrorBody;
import io.micronaut.core.annotation.Nullable;
import java.util.regex.Pattern;

/**
 * Builds every error body the server sends, from text that may carry what a client sent (a path
 * segment, a query value) or what a library said: control characters are escaped ({@code \u0000}),
 * Java class names removed, lengths bounded, and a field is named as a JSON path ({@code limit},
 * {@code guests[2].vmid}), never as a pointer ({@code /limit}). So an error body can always be
 * built: its own checks cannot fail on the text it carries.
 */
public final class ErrorText {
    static final int MAX_MESSAGE = 1000;
    static final int MAX_FIELD = 200;

    /** Jackson's "(class a.b.C)" and "(through reference chain: a.b.C["x"])" asides. */
    private static final Pattern CLASS_ASIDE =
            Pattern.compile("\\s*\\((class|through reference chain:) [^)]*\\)");

    /**
     * A qualified Java class name: {@code java.lang.Integer}, {@code dev.vpsguard.X$Y}; not a host
     * name such as {@code pve1.example.net}, whose last label is not capitalised.
     */
    private static final Pattern QUALIFIED =
            Pattern.compile("`?\\b(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9_$]*`?");

    private ErrorText() {}

    /** The body of an error answer, whatever the text it is given. */
    public static ErrorBody body(String code, @Nullable String field, @Nullable String message) {
        return new ErrorBody(code, field(field), message(message));
    }

    /** Text safe for an error message: no control character but line breaks, no class name. */
    public static String message(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return "error";
        }
        String text = CLASS_ASIDE.matcher(raw).replaceAll("");
        text = QUALIFIED.matcher(text).replaceAll("a value");
        text = escapeControls(text, true);
        if (text.length() > MAX_MESSAGE) {
            text = text.substring(0, MAX_MESSAGE - 1) + "…";
        }
        return text.isBlank() ? "error" : text;
    }

    /**
     * A field as a JSON path: {@code /limit} and {@code /a/b} become {@code limit}, {@code a.b}.
     */
    @Nullable
    public static String field(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String path = raw.strip();
        if (path.startsWith("/")) {
            path = path.substring(1).replace('/', '.');
        }
        path = escapeControls(path, false);
        if (path.length() > MAX_FIELD) {
            path = path.substring(0, MAX_FIELD - 1) + "…";
        }
        return path.isEmpty() ? null : path;
    }

    private static String escapeControls(String text, boolean keepLineBreaks) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe =
                    Character.isISOControl(c) && !(keepLineBreaks && (c == '\n' || c == '\t'))
                            || Character.isSurrogate(c) && !validSurrogate(text, i);
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (unsafe) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean validSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}

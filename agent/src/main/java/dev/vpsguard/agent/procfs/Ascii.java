package dev.vpsguard.agent.procfs;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Scanning of kernel text files as bytes, without a {@code String} per line or field: the agent
 * parses about a thousand of them a cycle. Lines end at {@code \n} or {@code \r} (as {@link
 * String#lines()} splits them); fields are separated by blanks (space, tab, vertical tab, form
 * feed). Pure; nothing here throws for any input within the given bounds.
 */
public final class Ascii {
    private Ascii() {}

    /** Absent or unreadable, for figures that are never negative. */
    public static final long NONE = -1;

    /** The end (exclusive) of the line starting at {@code from}. */
    public static int lineEnd(byte[] b, int from, int end) {
        int i = from;
        while (i < end && b[i] != '\n' && b[i] != '\r') {
            i++;
        }
        return i;
    }

    /** Where the next line starts after a line that ends at {@code lineEnd}. */
    public static int nextLine(int lineEnd, int end) {
        return Math.min(lineEnd + 1, end);
    }

    public static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == 0x0B || c == '\f';
    }

    /** The first non-blank position at or after {@code from}, or {@code end}. */
    public static int skipBlanks(byte[] b, int from, int end) {
        int i = from;
        while (i < end && isBlank(b[i])) {
            i++;
        }
        return i;
    }

    /** The end (exclusive) of the field starting at {@code from}. */
    public static int fieldEnd(byte[] b, int from, int end) {
        int i = from;
        while (i < end && !isBlank(b[i])) {
            i++;
        }
        return i;
    }

    /** Whether {@code b[from, to)} holds exactly the ASCII {@code key}. */
    public static boolean equals(byte[] b, int from, int to, byte[] key) {
        if (to - from != key.length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (b[from + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    /** A decimal non-negative long in {@code b[from, to)} (digits only), or {@link #NONE}. */
    public static long unsigned(byte[] b, int from, int to) {
        int n = to - from;
        if (n <= 0 || n > 19) {
            return NONE;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return NONE;
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                return NONE; // 19 digits above Long.MAX_VALUE
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** The first line's only field as a non-negative long ({@code memory.current}), or NONE. */
    public static long firstLineNumber(byte[] b, int length) {
        int le = lineEnd(b, 0, length);
        int from = skipBlanks(b, 0, le);
        int to = fieldEnd(b, from, le);
        return skipBlanks(b, to, le) == le ? unsigned(b, from, to) : NONE;
    }

    /** The lines joined by {@code \n}, as UTF-8: the adapter for parsers tested on line lists. */
    public static byte[] join(List<String> lines) {
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    /** An ASCII key as bytes, for {@link #equals}. */
    public static byte[] key(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }
}

package dev.vpsguard.agent.metrics;

import java.util.Arrays;

/**
 * Prometheus text (format 0.0.4) written straight as UTF-8 bytes into one growable array that is
 * reused from render to render: no {@code StringBuilder}, no encoding pass and no boxed or
 * formatted figure for the common case of a whole number. Not thread-safe.
 */
final class ExpositionBuffer {
    private byte[] bytes;
    private int length;
    private final byte[] digits = new byte[20];

    ExpositionBuffer(int capacity) {
        bytes = new byte[Math.max(capacity, 64)];
    }

    /** Empties the buffer, keeping its capacity. */
    void reset() {
        length = 0;
    }

    int length() {
        return length;
    }

    /** A copy of the text written so far, exactly as long. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    ExpositionBuffer append(char c) {
        if (c < 0x80) {
            ensure(1);
            bytes[length++] = (byte) c;
        } else {
            codePoint(Character.isSurrogate(c) ? '?' : c);
        }
        return this;
    }

    /**
     * Text as UTF-8; an unpaired surrogate becomes {@code ?}, as {@code String.getBytes} has it.
     */
    ExpositionBuffer append(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                ensure(1);
                bytes[length++] = (byte) c;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                codePoint(Character.toCodePoint(c, s.charAt(++i)));
            } else {
                codePoint(Character.isSurrogate(c) ? '?' : c);
            }
        }
        return this;
    }

    /** A decimal integer. */
    ExpositionBuffer append(long v) {
        if (v == Long.MIN_VALUE) {
            return append(Long.toString(v));
        }
        if (v < 0) {
            append('-');
            v = -v;
        }
        int n = digits.length;
        do {
            digits[--n] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        ensure(digits.length - n);
        System.arraycopy(digits, n, bytes, length, digits.length - n);
        length += digits.length - n;
        return this;
    }

    /**
     * A sample value as simpleclient writes a double ({@code Double.toString}), except that a whole
     * number below 2^53 is written in full ({@code 9663447040.0}, not {@code 9.66344704E9}): the
     * same value to Prometheus, exact, and without formatting a double for each byte counter.
     */
    ExpositionBuffer value(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return append((long) d).append(".0");
        } else if (Double.isNaN(d)) {
            return append("NaN");
        } else if (Double.isInfinite(d)) {
            return append(d > 0 ? "+Inf" : "-Inf");
        }
        return append(Double.toString(d));
    }

    /**
     * Microseconds as decimal seconds ({@code 5321.251234}): the closest double to this text is the
     * one {@code micros / 1e6} gives, written without formatting a double.
     */
    ExpositionBuffer seconds(long micros) {
        if (micros < 0) {
            return value(micros / 1e6);
        }
        append(micros / 1_000_000).append('.');
        int fraction = (int) (micros % 1_000_000);
        int width = 6;
        while (width > 1 && fraction % 10 == 0) {
            fraction /= 10;
            width--;
        }
        while (width > 1 && fraction < pow10(width - 1)) {
            append('0'); // leading zeros of the fraction: 0.000050 is ".00005"
            width--;
        }
        return append(fraction);
    }

    private static int pow10(int n) {
        int p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    /** A label value, escaped as the format wants: backslash, double quote, newline. */
    ExpositionBuffer labelValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> append("\\\\");
                case '"' -> append("\\\"");
                case '\n' -> append("\\n");
                default -> {
                    if (Character.isHighSurrogate(c)
                            && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        codePoint(Character.toCodePoint(c, value.charAt(++i)));
                    } else {
                        append(c);
                    }
                }
            }
        }
        return this;
    }

    private void codePoint(int cp) {
        ensure(4);
        if (cp < 0x80) {
            bytes[length++] = (byte) cp;
        } else if (cp < 0x800) {
            bytes[length++] = (byte) (0xC0 | cp >> 6);
            bytes[length++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            bytes[length++] = (byte) (0xE0 | cp >> 12);
            bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp & 0x3F);
        } else {
            bytes[length++] = (byte) (0xF0 | cp >> 18);
            bytes[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp & 0x3F);
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}

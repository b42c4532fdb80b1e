package dev.vpsguard.agent.http;

import java.io.Writer;

/**
 * A {@link Writer} into a {@link StringBuilder}, without the locking of {@code StringWriter} or the
 * per-call {@code CharBuffer} of {@code OutputStreamWriter}. One answer's text, then dropped.
 */
final class TextBuilder extends Writer {
    private final StringBuilder text;

    TextBuilder(int capacity) {
        this.text = new StringBuilder(capacity);
    }

    @Override
    public void write(int c) {
        text.append((char) c);
    }

    @Override
    public void write(char[] chars, int off, int len) {
        text.append(chars, off, len);
    }

    @Override
    public void write(String s) {
        text.append(s);
    }

    @Override
    public void write(String s, int off, int len) {
        text.append(s, off, off + len);
    }

    @Override
    public Writer append(CharSequence s) {
        text.append(s);
        return this;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    int length() {
        return text.length();
    }

    CharSequence chars() {
        return text;
    }
}

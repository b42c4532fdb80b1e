package dev.vpsguard.agent.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads {@code conntrack/events.txt}: real and composed event lines, '#' lines are comments. */
public final class ConntrackFixture {
    private ConntrackFixture() {}

    /** The event lines of the fixture, in order, comments dropped. */
    public static List<String> eventLines() {
        try (InputStream in = ConntrackFixture.class.getResourceAsStream("/conntrack/events.txt")) {
            if (in == null) {
                throw new IllegalStateException("conntrack/events.txt missing from test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

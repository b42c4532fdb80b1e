package dev.vpsguard.agent.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The conntrack lines captured on a real kernel (see resources/conntrack/README.md). */
final class Fixtures {
    static final List<String> FILES =
            List.of(
                    "ipv4-acct-off.txt",
                    "ipv4-acct-on.txt",
                    "ipv4-extended-acct-on.txt",
                    "ipv4-acct-on-expiry.txt",
                    "ipv6-acct-off.txt",
                    "ipv6-acct-on.txt",
                    "ipv6-extended-acct-on.txt",
                    "ipv6-acct-on-expiry.txt",
                    "ipv4-outcomes.txt",
                    "ipv6-outcomes.txt");

    private Fixtures() {}

    static List<String> lines(String file) {
        return resource("/conntrack/" + file).lines().filter(l -> !l.isBlank()).toList();
    }

    static List<String> allLines() {
        List<String> all = new ArrayList<>();
        FILES.forEach(f -> all.addAll(lines(f)));
        return all;
    }

    static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

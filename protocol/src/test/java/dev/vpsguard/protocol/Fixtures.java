package dev.vpsguard.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The valid JSON documents in {@code src/test/resources/dev/vpsguard/protocol/}. */
final class Fixtures {
    static final String REPORT = "valid-report.json";
    static final String REPLY = "valid-reply.json";
    static final String ENROLL_REQUEST = "valid-enroll-request.json";

    private Fixtures() {}

    static byte[] load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

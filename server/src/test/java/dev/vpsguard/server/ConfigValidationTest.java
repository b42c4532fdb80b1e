package dev.vpsguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad vpsguard.* value stops startup, and the error names the key and the reason. */
class ConfigValidationTest {
    /** Every message in the cause chain of the startup failure. */
    private static String startupError(String key, Object value) {
        try (TestServer ignored = TestServer.start(Map.of(key, value))) {
            throw new AssertionError("started with " + key + "=" + value);
        } catch (RuntimeException e) {
            StringBuilder out = new StringBuilder();
            for (Throwable c = e; c != null; c = c.getCause()) {
                out.append(c.getMessage()).append('\n');
            }
            return out.toString();
        }
    }

    @Test
    void unparsableDurationNamesTheKey() {
        assertThat(startupError("vpsguard.ingest.max-clock-skew", "banana"))
                .contains("vpsguard.ingest.max-clock-skew")
                .contains("banana");
    }

    @Test
    void outOfRangeLimitNamesTheKeyAndReason() {
        assertThat(startupError("vpsguard.ingest.max-decompressed-bytes", 5))
                .contains("vpsguard.ingest.max-decompressed-bytes must be >= 1024");
    }

    @Test
    void shortBootstrapTokenIsRefused() {
        assertThat(startupError("vpsguard.bootstrap.admin-token", "short"))
                .contains("vpsguard.bootstrap.admin-token must be 20 to 200 characters");
    }

    @Test
    void nonPositiveEnrolmentTtlIsRefused() {
        assertThat(startupError("vpsguard.enrollment.token-ttl", "0s"))
                .contains("vpsguard.enrollment.token-ttl must be positive");
    }

    @Test
    void zeroSamplesPerGuestIsRefused() {
        assertThat(startupError("vpsguard.samples.max-per-guest", 0))
                .contains("vpsguard.samples.max-per-guest must be >= 1");
    }
}

package dev.vpsguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /**
     * Each documented key with a bad value: startup stops, and the error names the key and the
     * value (or the reason). Values read by beans built on first use once let the server start
     * healthy and fail every report instead.
     */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "vpsguard.hosts.silent-after|5s|must be at least 30s",
                "vpsguard.hosts.silent-after|banana|banana",
                "vpsguard.hosts.silence-check-interval|0s|must be 1s to 1h",
                "vpsguard.detection.idle-eviction|0s|must be positive",
                "vpsguard.detection.max-guests|0|must be 1 to 10000000",
                "vpsguard.detection.window-retention|5m|at least 11m",
                "vpsguard.rollups.flush-interval|0s|must be 1s to 5m",
                "vpsguard.rollups.flush-interval|soon|soon",
                "vpsguard.samples.retention|forever|forever",
                "vpsguard.samples.max-guests|0|must be >= 1",
                "vpsguard.ingest.max-compressed-bytes|12|must be >= 1024",
                "vpsguard.notice.provider-name|' '|is required",
                "vpsguard.outbox.batch-size|0|must be at least 1",
                "vpsguard.outbox.poll-interval|0s|must be positive",
                "vpsguard.outbox.multiplier|0.5|multiplier",
                "vpsguard.mail.security|carrier-pigeon|carrier-pigeon",
                "vpsguard.unblock-link.public-url|ftp://x|must be the http(s) URL",
                "vpsguard.unblock-link.validity|never|never",
                "vpsguard.policies.dir|/nonexistent/vpsguard-policies|/nonexistent/vpsguard-policies",
                "vpsguard.isolation.allowed-destinations|dns.example|must be an IPv4/IPv6 address",
                "vpsguard.metrics.allow-from|prometheus.example|must be an IPv4/IPv6 address",
                "vpsguard.metrics.allow-from|10.0.0.0/33|must be an IPv4/IPv6 address",
                "vpsguard.availability.close-grace|0s|must be 1m to 7d",
                "vpsguard.availability.close-interval|2d|must be 1s to 1d",
                "vpsguard.availability.provider-users|root|must be user@realm or @realm",
            })
    void everyBadValueStopsStartupNamingTheKey(String key, String value, String reason) {
        assertThat(startupError(key, value)).contains(key).contains(reason);
    }
}

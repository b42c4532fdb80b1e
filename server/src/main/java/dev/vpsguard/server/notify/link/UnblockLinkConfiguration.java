package dev.vpsguard.server.notify.link;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code vpsguard.unblock-link.*}: the customer's signed unblock link.
 *
 * @param secret HMAC key, at least 32 bytes of UTF-8 (e.g. {@code openssl rand -base64 48})
 * @param publicUrl the server's URL as customers reach it, e.g. {@code https://guard.example.net}
 * @param validity how long a link works (default 7 days)
 * @param templateDir directory with {@code fr/} and {@code en/} overrides of the unblock pages
 *     ({@code form.html}, {@code invalid.html}, {@code expired.html}, {@code used.html}, {@code
 *     inactive.html}, {@code outcome.html})
 */
@ConfigurationProperties("vpsguard.unblock-link")
public record UnblockLinkConfiguration(
        @Nullable String secret,
        @Nullable String publicUrl,
        Duration validity,
        @Nullable Path templateDir) {

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "UnblockLinkConfiguration[publicUrl=" + publicUrl + ", validity=" + validity + "]";
    }

    /**
     * @throws IllegalArgumentException naming the key and why
     */
    public byte[] key() {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException(
                    "vpsguard.unblock-link.secret: must be set to at least 32 bytes (was "
                            + (secret == null ? "unset" : secret.length() + " characters")
                            + ")");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalArgumentException naming the key and why
     */
    public String requirePublicUrl() {
        if (publicUrl == null
                || !(publicUrl.startsWith("https://") || publicUrl.startsWith("http://"))) {
            throw new IllegalArgumentException(
                    "vpsguard.unblock-link.public-url = '"
                            + publicUrl
                            + "': must be the http(s) URL customers open");
        }
        return publicUrl;
    }
}

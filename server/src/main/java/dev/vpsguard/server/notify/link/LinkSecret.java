package dev.vpsguard.server.notify.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that signs unblock links. A configured secret wins (and must be at least 32 bytes). With
 * none configured, the server generates one at first start and keeps it in a file (mode 0600), so
 * the server runs with no setup and links stay valid across restarts. Several server nodes must
 * share one configured secret.
 */
public final class LinkSecret {
    private static final Logger LOG = LoggerFactory.getLogger(LinkSecret.class);

    private LinkSecret() {}

    /**
     * @throws IllegalArgumentException naming the key when a configured secret is too short
     */
    public static byte[] resolve(UnblockLinkConfiguration config, Path file) {
        if (config.secret() != null) {
            return config.key();
        }
        try {
            if (Files.isRegularFile(file)) {
                byte[] kept =
                        Files.readString(file, StandardCharsets.US_ASCII)
                                .trim()
                                .getBytes(StandardCharsets.US_ASCII);
                if (kept.length >= 32) {
                    return kept;
                }
                throw new IllegalArgumentException(
                        file
                                + ": the kept unblock-link secret is shorter than 32 bytes; delete"
                                + " the file to generate a new one (outstanding links then fail)");
            }
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".link-secret", ".tmp");
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(tmp, secret + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            LOG.warn(
                    "vpsguard.unblock-link.secret is not set: generated one and kept it in {}"
                            + " (set the key to share one secret between server nodes)",
                    file);
            return secret.getBytes(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the unblock-link secret in " + file, e);
        }
    }
}

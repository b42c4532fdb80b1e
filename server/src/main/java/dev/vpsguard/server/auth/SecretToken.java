package dev.vpsguard.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random bearer secrets (admin tokens, enrolment tokens, host credentials) and the hash under which
 * they are stored.
 *
 * <p>Why plain SHA-256 and not an adaptive hash such as bcrypt: these secrets are 256 random bits
 * made by the server, not passwords chosen by people. Guessing one from its hash is as hard as
 * guessing the secret itself (2^256 tries), so a slow hash adds nothing; a deterministic fast hash
 * also lets the server find the owner of a presented token by an indexed lookup on every request.
 */
public final class SecretToken {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Secret length before encoding, bytes. */
    public static final int BYTES = 32;

    private SecretToken() {}

    /** A fresh secret: {@value #BYTES} random bytes, base64url without padding (43 chars). */
    public static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a secret: lower-case hex SHA-256 of its UTF-8 bytes (64 chars). */
    public static String hash(String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

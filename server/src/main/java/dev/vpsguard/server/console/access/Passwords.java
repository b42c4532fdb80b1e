package dev.vpsguard.server.console.access;

import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Password hashing (BCrypt, Spring Security Crypto) and the password rules. */
@Singleton
public class Passwords {
    public static final int MIN_LENGTH = 12;

    /** BCrypt reads only the first 72 bytes; longer passwords would silently match shorter ones. */
    public static final int MAX_BYTES = 72;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final BCryptPasswordEncoder encoder;
    // Compared against when the user does not exist, so that an unknown name takes as long as a
    // wrong password and login timing does not reveal which names exist.
    private final String decoy;

    public Passwords(ConsoleConfig config) {
        this.encoder = new BCryptPasswordEncoder(config.bcryptCost(), RANDOM);
        this.decoy = encoder.encode(generate());
    }

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return password != null && encoder.matches(password, hash);
    }

    /** Spends the time of one comparison, for a user that does not exist. */
    public void matchDecoy(String password) {
        encoder.matches(password == null ? "" : password, decoy);
    }

    /** A random password of 24 characters (144 bits). */
    public static String generate() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Why {@code password} is not acceptable for {@code username} (a message key), if it is not.
     */
    public static Optional<String> weakness(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("password.tooShort");
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("password.tooLong");
        }
        if (password.equalsIgnoreCase(username)) {
            return Optional.of("password.isUsername");
        }
        return Optional.empty();
    }
}

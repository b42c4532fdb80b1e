package dev.vpsguard.server.console.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed logins per user name and per client address over {@code failed-login-window} and
 * refuses further attempts past the limits, so passwords cannot be guessed online. The window
 * starts at the first failure (a fixed window, expireAfterWrite): an attacker cannot keep an
 * account locked longer than one window per burst, and the owner gets in after it.
 */
@Singleton
public class LoginThrottle {
    private static final int MAX_KEYS = 100_000;

    private final Cache<String, AtomicInteger> byUser;
    private final Cache<String, AtomicInteger> byAddress;
    private final ConsoleConfig config;

    public LoginThrottle(ConsoleConfig config, Clock clock) {
        this.config = config;
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.byUser = cache(config, ticker);
        this.byAddress = cache(config, ticker);
    }

    private static Cache<String, AtomicInteger> cache(ConsoleConfig config, Ticker ticker) {
        return Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(config.failedLoginWindow())
                .maximumSize(MAX_KEYS)
                .build();
    }

    /** Whether a login attempt for {@code username} from {@code address} may be checked at all. */
    public boolean allows(String username, String address) {
        return count(byUser, userKey(username)) < config.maxFailuresPerUser()
                && count(byAddress, address) < config.maxFailuresPerAddress();
    }

    public void failed(String username, String address) {
        byUser.get(userKey(username), k -> new AtomicInteger()).incrementAndGet();
        byAddress.get(address, k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * A successful login clears the user's count (not the address's: one good password there must
     * not reopen guessing of the others).
     */
    public void succeeded(String username) {
        byUser.invalidate(userKey(username));
    }

    private static int count(Cache<String, AtomicInteger> cache, String key) {
        AtomicInteger n = cache.getIfPresent(key);
        return n == null ? 0 : n.get();
    }

    private static String userKey(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }
}

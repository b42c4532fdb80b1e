package dev.vpsguard.server.console.access;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * {@code vpsguard.console.*}: the operator console's access rules.
 *
 * @param initialAdminPassword the first admin's password (it must still be changed at first login);
 *     blank means generate one and print it once
 * @param bcryptCost BCrypt's log2 work factor, 4 to 16 (10 or more outside tests)
 * @param sessionIdle a session ends after this long without a request
 * @param sessionMax a session ends this long after login, however active
 * @param failedLoginWindow failed logins are counted over this window
 * @param maxFailuresPerUser failed logins for one user name within the window before it is refused
 * @param maxFailuresPerAddress failed logins from one address within the window before it is
 *     refused
 * @param staleAfter a host whose last report is older than this shows as stale on the fleet page
 * @param trustedProxies addresses of reverse proxies whose {@code X-Forwarded-Proto: https} makes
 *     the console's cookies {@code Secure} (see {@link SecureRequests}); empty: none
 */
// @Context: built (and checked) at startup, so a bad value stops the server naming the key.
@Context
@ConfigurationProperties("vpsguard.console")
public record ConsoleConfig(
        @Nullable String initialAdminPassword,
        int bcryptCost,
        Duration sessionIdle,
        Duration sessionMax,
        Duration failedLoginWindow,
        int maxFailuresPerUser,
        int maxFailuresPerAddress,
        Duration staleAfter,
        @Nullable java.util.List<String> trustedProxies) {
    public ConsoleConfig {
        if (bcryptCost < 4 || bcryptCost > 16) {
            throw new IllegalArgumentException(
                    "vpsguard.console.bcrypt-cost = " + bcryptCost + ": must be 4 to 16");
        }
        positive("session-idle", sessionIdle);
        positive("session-max", sessionMax);
        positive("failed-login-window", failedLoginWindow);
        positive("stale-after", staleAfter);
        // Checked here so a bad address stops startup naming the key.
        SecureRequests.addresses(trustedProxies);
        if (maxFailuresPerUser < 1 || maxFailuresPerAddress < 1) {
            throw new IllegalArgumentException(
                    "vpsguard.console.max-failures-per-user and max-failures-per-address must be"
                            + " at least 1");
        }
        if (initialAdminPassword != null
                && !initialAdminPassword.isEmpty()
                && initialAdminPassword.length() < Passwords.MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "vpsguard.console.initial-admin-password: must be at least "
                            + Passwords.MIN_LENGTH
                            + " characters (or empty to generate one)");
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "vpsguard.console." + key + " = " + value + ": must be a positive duration");
        }
    }

    public boolean hasInitialAdminPassword() {
        return initialAdminPassword != null && !initialAdminPassword.isEmpty();
    }
}

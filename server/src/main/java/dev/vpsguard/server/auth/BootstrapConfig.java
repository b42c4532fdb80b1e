package dev.vpsguard.server.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Pattern;

/**
 * {@code vpsguard.bootstrap.*}: how the first admin token comes to be.
 *
 * @param adminToken the initial admin token (env {@code VPSGUARD_BOOTSTRAP_ADMIN_TOKEN}); blank
 *     means generate one and print it once. At least 20 characters, so it cannot be guessed.
 */
// @Context: built (and validated) at startup, so a bad value stops the server at once.
@Context
@ConfigurationProperties("vpsguard.bootstrap")
public record BootstrapConfig(
        @Nullable
                @Pattern(
                        regexp = "^$|^[A-Za-z0-9._~+/=-]{20,200}$",
                        message =
                                "vpsguard.bootstrap.admin-token must be 20 to 200 characters of letters, digits or ._~+/=- (or"
                                        + " empty to generate one)")
                String adminToken) {

    /** Whether an operator chose the initial token. */
    public boolean hasAdminToken() {
        return adminToken != null && !adminToken.isBlank();
    }
}

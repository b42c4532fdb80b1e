package dev.vpsguard.server.auth;

import dev.vpsguard.server.audit.AuditLog;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure an admin token exists at startup. When none does, it stores the configured {@code
 * vpsguard.bootstrap.admin-token}, or generates one and prints it once: it cannot be shown again.
 */
@Singleton
public class AdminTokenBootstrap implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenBootstrap.class);

    private final AdminTokenRepository tokens;
    private final BootstrapConfig config;
    private final AuditLog audit;
    private final Clock clock;

    public AdminTokenBootstrap(
            AdminTokenRepository tokens, BootstrapConfig config, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        ensureAdminToken();
    }

    /**
     * Creates the first admin token if there is none; does nothing otherwise. Runs once, before the
     * server accepts requests, so no transaction is needed around the check and the insert.
     */
    public void ensureAdminToken() {
        if (tokens.count() > 0) {
            return;
        }
        boolean configured = config.hasAdminToken();
        String token = configured ? config.adminToken() : SecretToken.generate();
        String id = UUID.randomUUID().toString();
        tokens.save(
                new AdminToken(
                        id,
                        SecretToken.hash(token),
                        "bootstrap",
                        clock.instant(),
                        TokenRole.ADMIN.key()));
        audit.record("system", "admin_token.create", id, configured ? "configured" : "generated");
        if (configured) {
            LOG.info("Stored the admin token from vpsguard.bootstrap.admin-token (id {})", id);
        } else {
            LOG.warn(
                    "\n"
                            + "==================================================================\n"
                            + " vpsguard: initial admin token (shown ONCE, only its hash is kept)\n"
                            + "\n"
                            + "   {}\n"
                            + "\n"
                            + " Use it as: Authorization: Bearer <token>\n"
                            + "==================================================================",
                    token);
        }
    }
}

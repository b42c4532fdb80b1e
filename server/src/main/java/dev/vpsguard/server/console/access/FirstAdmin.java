package dev.vpsguard.server.console.access;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the first start (no console user yet) creates {@code admin} with the configured initial
 * password or a random one printed once to the log. Either way it must be changed at first login.
 */
@Singleton
public class FirstAdmin implements ApplicationEventListener<StartupEvent> {
    public static final String USERNAME = "admin";
    private static final String EXISTS = "users.exists";
    private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);

    private final ConsoleUsers users;
    private final ConsoleConfig config;

    public FirstAdmin(ConsoleUsers users, ConsoleConfig config) {
        this.users = users;
        this.config = config;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        ensureAdmin();
    }

    /** Creates the first admin if there is no user; runs before the server accepts requests. */
    public void ensureAdmin() {
        if (users.count() > 0) {
            return;
        }
        boolean configured = config.hasInitialAdminPassword();
        String password = configured ? config.initialAdminPassword() : Passwords.generate();
        Optional<String> refused;
        try {
            refused = users.create(USERNAME, password, ConsoleRole.ADMIN, true, "system");
        } catch (RuntimeException e) {
            // Two nodes starting together on an empty database: the other one's insert won the
            // unique user name between our count and our insert.
            if (users.count() == 0) {
                throw e;
            }
            refused = Optional.of(EXISTS);
        }
        if (refused.filter(EXISTS::equals).isPresent()) {
            LOG.info("Console user admin was created by another server node starting meanwhile");
            return;
        }
        if (refused.isPresent()) {
            throw new IllegalStateException(
                    "vpsguard.console.initial-admin-password: refused (" + refused.get() + ")");
        }
        if (configured) {
            LOG.info(
                    "Created console user admin with vpsguard.console.initial-admin-password; it"
                            + " must be changed at first login");
        } else {
            LOG.warn(
                    "\n"
                            + "==================================================================\n"
                            + " vpsguard console: first login (shown ONCE, only its hash is kept)\n"
                            + "\n"
                            + "   user: admin   password: {}\n"
                            + "\n"
                            + " It must be changed at first login, at /console/login\n"
                            + "==================================================================",
                    password);
        }
    }
}

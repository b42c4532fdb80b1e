package dev.vpsguard.server.console.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Two server nodes starting together on an empty database both see no console user; the one whose
 * insert loses must start anyway (found by the Kafka node-kill test's two nodes).
 */
class FirstAdminRaceTest {
    static final ConsoleConfig CONFIG =
            new ConsoleConfig(
                    "an-initial-passphrase-42",
                    4,
                    Duration.ofMinutes(30),
                    Duration.ofHours(8),
                    Duration.ofMinutes(15),
                    5,
                    20,
                    Duration.ofMinutes(2),
                    null);

    @Test
    void theNodeThatFindsTheAdminAlreadyCreatedStarts() {
        Users users = new Users(() -> Optional.of("users.exists"), 1);
        new FirstAdmin(users, CONFIG).ensureAdmin();
        assertThat(users.creates.get()).isEqualTo(1);
    }

    @Test
    void theNodeWhoseInsertLostOnTheUniqueNameStarts() {
        Users users =
                new Users(
                        () -> {
                            throw new IllegalStateException("duplicate key console_users");
                        },
                        1);
        new FirstAdmin(users, CONFIG).ensureAdmin();
        assertThat(users.creates.get()).isEqualTo(1);
    }

    @Test
    void aFailedInsertWithNoUserCreatedStillStopsStartup() {
        Users users =
                new Users(
                        () -> {
                            throw new IllegalStateException("database gone");
                        },
                        0);
        assertThatThrownBy(() -> new FirstAdmin(users, CONFIG).ensureAdmin())
                .hasMessage("database gone");
    }

    /** No user at the first count; then {@code afterCreate} users, whatever create did. */
    static final class Users extends ConsoleUsers {
        final AtomicInteger creates = new AtomicInteger();
        private final Supplier<Optional<String>> create;
        private final long afterCreate;

        Users(Supplier<Optional<String>> create, long afterCreate) {
            super(null, null, null, null);
            this.create = create;
            this.afterCreate = afterCreate;
        }

        @Override
        public long count() {
            return creates.get() == 0 ? 0 : afterCreate;
        }

        @Override
        public Optional<String> create(
                String username,
                String password,
                ConsoleRole role,
                boolean mustChange,
                String actor) {
            creates.incrementAndGet();
            return create.get();
        }
    }
}

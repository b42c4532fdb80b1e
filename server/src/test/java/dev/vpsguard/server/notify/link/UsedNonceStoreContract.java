package dev.vpsguard.server.notify.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.notify.Databases;
import dev.vpsguard.server.notify.Notifications;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@link JdbcUsedNonceStore} on both databases. */
abstract class UsedNonceStoreContract {
    abstract DataSource database();

    @Test
    void nonceIsUsableOnce() {
        JdbcUsedNonceStore store = new JdbcUsedNonceStore(database());
        UnblockClaims c =
                new UnblockClaims(
                        "blk-1", "pve1/101", Notifications.T0.plus(Duration.ofDays(7)), "n0nce");
        assertThat(store.isUsed("n0nce")).isFalse();
        assertThat(store.markUsed(c, Notifications.T0)).isTrue();
        assertThat(store.isUsed("n0nce")).isTrue();
        assertThat(store.markUsed(c, Notifications.T0.plusSeconds(5))).isFalse();
    }

    static class H2 extends UsedNonceStoreContract {
        @Override
        DataSource database() {
            return Databases.h2();
        }
    }

    static class Postgres extends UsedNonceStoreContract {
        @Override
        DataSource database() {
            return Databases.postgres();
        }
    }
}

package dev.vpsguard.server.notify.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.notify.Databases;
import dev.vpsguard.server.notify.Notifications;
import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@link JdbcUsedNonceStore} on both databases. */
abstract class UsedNonceStoreContract {
    abstract DataSource database();

    @Test
    void nonceIsUsableOnce() throws Exception {
        DataSource ds = database();
        JdbcUsedNonceStore store = new JdbcUsedNonceStore(ds);
        UnblockClaims c =
                new UnblockClaims(
                        "blk-1", "pve1/101", Notifications.T0.plus(Duration.ofDays(7)), "n0nce");
        assertThat(store.isUsed("n0nce")).isFalse();
        try (Connection tx = ds.getConnection()) {
            tx.setAutoCommit(false);
            assertThat(store.markUsed(tx, c, Notifications.T0)).isTrue();
            tx.rollback();
        }
        assertThat(store.isUsed("n0nce")).as("rolled back with the request").isFalse();
        try (Connection tx = ds.getConnection()) {
            assertThat(store.markUsed(tx, c, Notifications.T0)).isTrue();
            assertThat(store.isUsed("n0nce")).isTrue();
            assertThat(store.markUsed(tx, c, Notifications.T0.plusSeconds(5))).isFalse();
        }
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

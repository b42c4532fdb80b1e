package dev.vpsguard.server.notify.outbox;

import dev.vpsguard.server.notify.Databases;
import javax.sql.DataSource;

class PostgresOutboxStoreTest extends OutboxStoreContract {
    @Override
    DataSource database() {
        return Databases.postgres();
    }
}

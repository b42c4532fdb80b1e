package dev.vpsguard.server.notify.outbox;

import dev.vpsguard.server.notify.Databases;
import javax.sql.DataSource;

class H2OutboxStoreTest extends OutboxStoreContract {
    @Override
    DataSource database() {
        return Databases.h2();
    }
}

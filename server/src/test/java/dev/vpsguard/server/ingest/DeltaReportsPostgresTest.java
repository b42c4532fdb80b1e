package dev.vpsguard.server.ingest;

/** Delta reports on a real PostgreSQL started by the test. */
class DeltaReportsPostgresTest extends DeltaReportsContract {
    @Override
    boolean onPostgres() {
        return true;
    }
}

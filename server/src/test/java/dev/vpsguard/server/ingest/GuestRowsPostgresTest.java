package dev.vpsguard.server.ingest;

/** Guest rows on a real PostgreSQL started by the test. */
class GuestRowsPostgresTest extends GuestRowsContract {
    @Override
    boolean onPostgres() {
        return true;
    }
}

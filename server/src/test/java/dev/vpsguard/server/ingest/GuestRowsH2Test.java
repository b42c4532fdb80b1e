package dev.vpsguard.server.ingest;

/** Guest rows on H2 (the default database). */
class GuestRowsH2Test extends GuestRowsContract {
    @Override
    boolean onPostgres() {
        return false;
    }
}

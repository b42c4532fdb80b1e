package dev.vpsguard.server.ingest;

/** Delta reports on H2 (the default database). */
class DeltaReportsH2Test extends DeltaReportsContract {
    @Override
    boolean onPostgres() {
        return false;
    }
}

package dev.vpsguard.server.ingest;

/** The report identity contract on a real PostgreSQL started by the test. */
class ReportIdentityPostgresTest extends ReportIdentityContract {
    @Override
    boolean onPostgres() {
        return true;
    }
}

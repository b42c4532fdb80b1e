package dev.vpsguard.server.ingest;

/** The report identity contract on H2 (in-memory, PostgreSQL mode: the default database). */
class ReportIdentityH2Test extends ReportIdentityContract {
    @Override
    boolean onPostgres() {
        return false;
    }
}

package dev.vpsguard.server.ingest;

/** Reports of previous-protocol agents, stored on H2 (the default database). */
class PreviousProtocolH2Test extends PreviousProtocolContract {
    @Override
    boolean onPostgres() {
        return false;
    }
}

package dev.vpsguard.server.console;

/** The fleet page on a real PostgreSQL started by the test. */
class ConsoleFleetPagePostgresTest extends ConsoleFleetPageContract {
    @Override
    boolean onPostgres() {
        return true;
    }
}

package dev.vpsguard.server.console;

/** The fleet page on H2. */
class ConsoleFleetPageH2Test extends ConsoleFleetPageContract {
    @Override
    boolean onPostgres() {
        return false;
    }
}

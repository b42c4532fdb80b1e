package dev.vpsguard.server.decision;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The restart contract on the default H2 file database. */
class H2LadderRestartTest extends LadderRestartContract {
    @TempDir Path dir;

    @Override
    Map<String, Object> database() {
        return Map.of(
                "datasources.default.url",
                "jdbc:h2:file:"
                        + dir.resolve("vpsguard")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }
}

package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The first-sight contract on the default H2 file database. */
class H2FirstSightTest extends FirstSightContract {
    @TempDir Path dir;

    @Override
    Map<String, Object> database() {
        return TestServer.h2File(dir);
    }
}

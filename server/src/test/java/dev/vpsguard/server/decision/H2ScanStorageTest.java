package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

class H2ScanStorageTest extends ScanStorageContract {
    @TempDir Path dir;

    @Override
    Map<String, Object> database() {
        return TestServer.h2File(dir);
    }
}

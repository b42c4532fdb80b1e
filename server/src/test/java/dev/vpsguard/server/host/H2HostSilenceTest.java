package dev.vpsguard.server.host;

import dev.vpsguard.server.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

class H2HostSilenceTest extends HostSilenceContract {
    @TempDir Path dir;

    @Override
    Map<String, Object> database() {
        return TestServer.h2File(dir);
    }
}

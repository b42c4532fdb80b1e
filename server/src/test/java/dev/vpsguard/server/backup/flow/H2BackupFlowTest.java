package dev.vpsguard.server.backup.flow;

import java.util.Map;

/** The backup flow on H2. */
class H2BackupFlowTest extends BackupFlowContract {
    @Override
    Map<String, Object> database() {
        return Map.of();
    }
}

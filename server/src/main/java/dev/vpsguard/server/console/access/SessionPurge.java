package dev.vpsguard.server.console.access;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/** Deletes ended console sessions now and then; each request checks its own deadlines anyway. */
@Singleton
public class SessionPurge {
    private final ConsoleSessions sessions;

    public SessionPurge(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Scheduled(fixedDelay = "15m", initialDelay = "15m")
    void purge() {
        sessions.purge();
    }
}

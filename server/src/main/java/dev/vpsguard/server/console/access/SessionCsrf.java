package dev.vpsguard.server.console.access;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.csrf.repository.CsrfTokenRepository;
import io.micronaut.security.session.SessionIdResolver;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Ties Micronaut Security's CSRF protection to the console's own sessions: the expected token of a
 * request is the one stored with its session (synchronizer token), and the token's HMAC is bound to
 * the session id. Before login the framework's double-submit cookie applies instead.
 */
public final class SessionCsrf {
    private SessionCsrf() {}

    /** The session id of a request: the one its login just opened, or its cookie's. */
    @Singleton
    public static class SessionIds implements SessionIdResolver<HttpRequest<?>> {
        @Override
        public Optional<String> findSessionId(HttpRequest<?> request) {
            Optional<String> fresh =
                    request.getAttribute(SessionCookies.NEW_SESSION_ATTRIBUTE, String.class);
            return fresh.isPresent() ? fresh : SessionCookies.sessionId(request);
        }
    }

    /** The CSRF token stored with the request's session. */
    @Singleton
    public static class Tokens implements CsrfTokenRepository<HttpRequest<?>> {
        @Override
        public Optional<String> findCsrfToken(HttpRequest<?> request) {
            return SessionCookies.open(request).map(o -> o.row().csrfToken());
        }
    }
}

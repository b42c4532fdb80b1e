package dev.vpsguard.server.console.access;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;

/**
 * Turns a console session cookie into a Micronaut Security {@link Authentication}, so that
 * {@code @Secured} decides what each console route admits. Only {@code /console} requests carry the
 * cookie (its path); the API's bearer tokens stay with its own filter.
 */
@Singleton
public class SessionAuthentication implements AuthenticationFetcher<HttpRequest<?>> {
    public static final String USER_ID = "userId";
    public static final String MUST_CHANGE = "mustChangePassword";

    private final ConsoleSessions sessions;

    public SessionAuthentication(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (!request.getPath().startsWith(SessionCookies.PATH)) {
            return Publishers.empty();
        }
        // A short primary-key read; the server selects blocking threads for its requests.
        Optional<ConsoleSessions.Open> open =
                SessionCookies.sessionId(request).flatMap(sessions::find);
        if (open.isEmpty()) {
            return Publishers.empty();
        }
        request.setAttribute(SessionCookies.ATTRIBUTE, open.get());
        ConsoleUser user = open.get().user();
        return Publishers.just(
                Authentication.build(
                        user.username(),
                        user.consoleRole().grantedKeys(),
                        Map.of(USER_ID, user.id(), MUST_CHANGE, user.mustChangePassword())));
    }
}

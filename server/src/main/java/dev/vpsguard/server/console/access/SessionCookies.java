package dev.vpsguard.server.console.access;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.time.Duration;
import java.util.Optional;

/**
 * The console's cookies: always HttpOnly and SameSite=Strict, and Secure when the request reached
 * the operator over HTTPS ({@link SecureRequests}).
 */
public final class SessionCookies {
    /** The session cookie; its value is the session id. */
    public static final String SESSION = "vg_session";

    /** Where the console lives; its cookies go nowhere else. */
    public static final String PATH = "/console";

    /** The request attribute holding the {@link ConsoleSessions.Open} of the request. */
    public static final String ATTRIBUTE = "vpsguard.console.session";

    /** The request attribute holding a session id opened by this very request (login). */
    static final String NEW_SESSION_ATTRIBUTE = "vpsguard.console.newSession";

    private SessionCookies() {}

    public static Optional<String> sessionId(HttpRequest<?> request) {
        return request.getCookies().findCookie(SESSION).map(Cookie::getValue);
    }

    /** The open session of an authenticated console request. */
    public static Optional<ConsoleSessions.Open> open(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, ConsoleSessions.Open.class);
    }

    /** Marks {@code id} as the session of the rest of this request (it has no cookie yet). */
    public static void useNewSession(HttpRequest<?> request, String id) {
        request.setAttribute(NEW_SESSION_ATTRIBUTE, id);
    }

    /** A console cookie; {@code https}: the request came over HTTPS. */
    public static Cookie cookie(boolean https, String name, String value) {
        return Cookie.of(name, value)
                .path(PATH)
                .httpOnly(true)
                .sameSite(SameSite.Strict)
                .secure(https);
    }

    /** A cookie that deletes {@code name}. */
    public static Cookie expired(boolean https, String name) {
        return cookie(https, name, "").maxAge(Duration.ZERO);
    }
}

package dev.vpsguard.server.console.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.net.URI;

/**
 * Sends a user who must change the password (the generated first admin) to the password page from
 * every other console page, until it is changed. Logout and static assets stay open.
 */
@ServerFilter(SessionCookies.PATH + "/**")
public class ForcedPasswordChange implements Ordered {
    public static final String PASSWORD_PAGE = SessionCookies.PATH + "/password";

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        var open = SessionCookies.open(request);
        if (open.isEmpty() || !open.get().user().mustChangePassword()) {
            return null;
        }
        String path = request.getPath();
        if (path.equals(PASSWORD_PAGE)
                || path.equals(SessionCookies.PATH + "/logout")
                || path.startsWith(SessionCookies.PATH + "/assets/")) {
            return null;
        }
        return HttpResponse.seeOther(URI.create(PASSWORD_PAGE));
    }

    @Override
    public int getOrder() {
        // After the security filter (which finds the session) and its CSRF check.
        return ServerFilterPhase.SECURITY.after() + 10;
    }
}

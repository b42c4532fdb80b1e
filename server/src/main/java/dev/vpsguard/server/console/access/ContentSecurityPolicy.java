package dev.vpsguard.server.console.access;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers of every console answer: a strict Content-Security-Policy (scripts and styles
 * only from the server's own files, no inline script, no framing), no MIME sniffing, and no
 * referrer outside the console's own origin.
 *
 * <p>{@code same-origin}, not {@code no-referrer}: under {@code no-referrer} browsers send {@code
 * Origin: null} with the console's own form posts, and Micronaut's CORS filter refuses (403, empty
 * body) any request to a server on localhost whose origin is not localhost, which made every form
 * fail for an operator reaching the console through an SSH tunnel or on the server itself.
 */
@ServerFilter(SessionCookies.PATH + "/**")
public class ContentSecurityPolicy implements Ordered {
    public static final String POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; object-src 'none'; base-uri 'none';"
                    + " frame-ancestors 'none'; form-action 'self'";

    public static final String REFERRER_POLICY = "same-origin";

    @ResponseFilter
    public void headers(MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", REFERRER_POLICY);
        response.header("X-Frame-Options", "DENY");
    }

    /**
     * First of all filters, so its response phase also sees the answers that a later filter gives
     * instead of the page (Micronaut Security's redirect to the login page, a CORS refusal).
     */
    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}

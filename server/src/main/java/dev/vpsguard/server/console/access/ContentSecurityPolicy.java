package dev.vpsguard.server.console.access;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers of every console answer: a strict Content-Security-Policy (scripts and styles
 * only from the server's own files, no inline script, no framing), no MIME sniffing, no referrer.
 */
@ServerFilter(SessionCookies.PATH + "/**")
public class ContentSecurityPolicy {
    public static final String POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; object-src 'none'; base-uri 'none';"
                    + " frame-ancestors 'none'; form-action 'self'";

    @ResponseFilter
    public void headers(MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.header("X-Frame-Options", "DENY");
    }
}

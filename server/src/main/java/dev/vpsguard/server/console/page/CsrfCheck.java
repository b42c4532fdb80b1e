package dev.vpsguard.server.console.page;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.security.csrf.validator.CsrfTokenValidator;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Checks the {@code csrfToken} field of every console form with Micronaut Security's CSRF validator
 * (the session's stored token, or the login form's double-submit cookie, and the HMAC bound to the
 * session id). Called by each form handler on the body it parsed: Micronaut Security's own CSRF
 * filter, reading the body inside the filter chain, made Micronaut fail on every form post here
 * (see docs/decisions.md, "Console").
 */
@Singleton
public class CsrfCheck {
    public static final String FIELD = "csrfToken";

    private final CsrfTokenValidator<HttpRequest<?>> validator;

    public CsrfCheck(CsrfTokenValidator<HttpRequest<?>> validator) {
        this.validator = validator;
    }

    public boolean valid(HttpRequest<?> request, Map<String, String> form) {
        String token = form.get(FIELD);
        return token != null && !token.isEmpty() && validator.validateCsrfToken(request, token);
    }

    public static MutableHttpResponse<String> refused() {
        return HttpResponse.<String>status(HttpStatus.FORBIDDEN)
                .contentType(MediaType.TEXT_PLAIN_TYPE)
                .body(
                        "Refused: this form is out of date or did not come from the console. Reload"
                                + " the page and try again.");
    }
}

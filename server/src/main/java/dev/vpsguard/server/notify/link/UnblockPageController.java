package dev.vpsguard.server.notify.link;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;

/**
 * The customer's unblock page behind the signed link of the block mail (contract S7): {@code GET
 * /unblock/{token}} shows the block and the form, {@code POST /unblock/{token}} (form fields {@code
 * confirmFixed}, {@code description}) makes the request. Public: the signed token is the credential
 * ({@code AuthFilter} lets exactly these two routes through). Plain HTML, no script, every page
 * with a strict Content-Security-Policy, {@code no-store} and no referrer (the URL is the
 * credential).
 */
@Controller("/unblock")
public class UnblockPageController {
    /** Nothing but inline styles; forms post back here only; no framing, no base URL. */
    static final String CSP =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                    + " frame-ancestors 'none'; base-uri 'none'";

    private final UnblockPages pages;

    UnblockPageController(UnblockPages pages) {
        this.pages = pages;
    }

    @Get(uri = "/{token}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> show(
            @PathVariable String token,
            @Nullable @Header(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        return html(pages.show(token, UnblockPages.preferred(acceptLanguage)));
    }

    @Post(
            uri = "/{token}",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<String> submit(
            @PathVariable String token,
            @Nullable @Body byte[] body,
            @Nullable @Header(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        // The raw body, decoded here: Micronaut's per-field form binding can fail with "Chunk
        // already claimed" (a 500) when two fields are bound from one request, and a malformed
        // percent-escape must name its field on the form, not fail the request.
        FormBody form = FormBody.parse(body);
        return html(
                pages.submit(
                        token,
                        form.get("confirmFixed"),
                        form.get("description"),
                        form.isUnreadable("description"),
                        UnblockPages.preferred(acceptLanguage)));
    }

    private static MutableHttpResponse<String> html(UnblockPages.Page page) {
        return HttpResponse.<String>status(HttpStatus.valueOf(page.status()))
                .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                .header("Content-Security-Policy", CSP)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .body(page.html());
    }
}

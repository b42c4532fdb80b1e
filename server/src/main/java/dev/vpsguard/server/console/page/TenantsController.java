package dev.vpsguard.server.console.page;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.console.access.ConsoleRole;
import dev.vpsguard.server.console.access.SessionCookies;
import dev.vpsguard.server.tenant.TenantService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;

/**
 * Tenants (contact, language, contract), a tenant's guests and their assignment (admins), and each
 * contract policy clause by clause in the contract's own words. Contracts are read-only here: they
 * change by editing their reviewed file (docs/decisions.md).
 */
@Hidden
@Secured("viewer")
@Controller(SessionCookies.PATH)
public class TenantsController {
    private final TenantPage pages;
    private final TenantService tenants;
    private final PageRenderer renderer;
    private final FormPosts forms;

    public TenantsController(
            TenantPage pages, TenantService tenants, PageRenderer renderer, FormPosts forms) {
        this.pages = pages;
        this.tenants = tenants;
        this.renderer = renderer;
        this.forms = forms;
    }

    @Get(value = "/tenants", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> list(HttpRequest<?> request) {
        Map<String, Object> model = Pages.model(request);
        model.put("tenants", pages.list());
        model.put("contracts", pages.contracts());
        return renderer.ok(request, "tenants", model);
    }

    @Get(value = "/tenants/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> tenant(HttpRequest<?> request, @PathVariable String id) {
        try {
            return renderer.ok(request, "tenant", model(request, id, null, null));
        } catch (ApiException e) {
            return notFound(request, "tenant.notFound");
        }
    }

    @Get(value = "/contracts/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> contract(HttpRequest<?> request, @PathVariable String id) {
        TenantPage.Contract c = pages.contract(id);
        if (c == null) {
            return notFound(request, "contract.notFound");
        }
        Map<String, Object> model = Pages.model(request);
        model.put("c", c);
        return renderer.ok(request, "contract", model);
    }

    /** Gives guest {@code guestId} (a form field) to this tenant: its contract applies. */
    @Secured("admin")
    @Post(
            value = "/tenants/{id}/guests",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> assign(
            HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return forms.handle(
                request,
                body,
                "tenant",
                form -> {
                    String guestId = Pages.field(form, "guestId");
                    if (guestId.isBlank()) {
                        throw ApiException.invalidField("guestId", "choose a guest");
                    }
                    tenants.get(id);
                    tenants.assign(guestId, id, actor(request));
                    return "tenant.assigned";
                },
                (error, done) -> model(request, id, error, done));
    }

    /** Takes a guest away from this tenant: the default contract applies to it. */
    @Secured("admin")
    @Post(
            value = "/tenants/{id}/guests/{guestId}/remove",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> remove(
            HttpRequest<?> request,
            @PathVariable String id,
            @PathVariable String guestId,
            @Nullable @Body String body) {
        return forms.handle(
                request,
                body,
                "tenant",
                form -> {
                    tenants.unassign(guestId, id, actor(request));
                    return "tenant.removed";
                },
                (error, done) -> model(request, id, error, done));
    }

    private static String actor(HttpRequest<?> request) {
        return Pages.staff(request).id();
    }

    private Map<String, Object> model(
            HttpRequest<?> request, String id, ApiException error, String done) {
        boolean admin = Pages.atLeast(request, ConsoleRole.ADMIN);
        Map<String, Object> model = Pages.refused(Pages.model(request), error);
        model.put("v", pages.of(id, admin));
        model.put("done", done);
        return model;
    }

    private HttpResponse<?> notFound(HttpRequest<?> request, String key) {
        Map<String, Object> model = Pages.model(request);
        model.put("error", key);
        return renderer.page(request, HttpStatus.NOT_FOUND, "error", model);
    }
}

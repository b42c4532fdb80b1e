package dev.vpsguard.server.console.page;

import dev.vpsguard.server.api.ApiException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How every decision form of the console is handled: the CSRF token checked first, then the
 * mutation through its service, then the page again with what was done, or with the service's
 * refusal (its status, field and message) when it refused, nothing changed.
 */
@Singleton
public class FormPosts {
    private final PageRenderer renderer;
    private final CsrfCheck csrfCheck;

    public FormPosts(PageRenderer renderer, CsrfCheck csrfCheck) {
        this.renderer = renderer;
        this.csrfCheck = csrfCheck;
    }

    /**
     * @param action the mutation, given the form's fields; its result goes to {@code model}
     * @param model the page's model after the mutation (error null) or its refusal (done null)
     */
    public <T> HttpResponse<?> handle(
            HttpRequest<?> request,
            String body,
            String template,
            Function<Map<String, String>, T> action,
            BiFunction<ApiException, T, Map<String, Object>> model) {
        Map<String, String> form = Pages.form(body);
        if (!csrfCheck.valid(request, form)) {
            return CsrfCheck.refused();
        }
        T done;
        try {
            done = action.apply(form);
        } catch (ApiException e) {
            return renderer.page(request, e.status(), template, model.apply(e, null));
        }
        return renderer.ok(request, template, model.apply(null, done));
    }
}

package dev.vpsguard.server.console.page;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.thymeleaf.ThymeleafViewsRenderer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Renders a console template (Thymeleaf, which escapes every {@code th:text} and attribute) into
 * the answer's body. Rendering here rather than through the views filter: that filter, wrapped
 * around Micronaut Security's CSRF filter reading a form body, failed on answers to form posts.
 */
@Singleton
public class PageRenderer {
    private final ThymeleafViewsRenderer<Map<String, Object>> thymeleaf;

    public PageRenderer(ThymeleafViewsRenderer<Map<String, Object>> thymeleaf) {
        this.thymeleaf = thymeleaf;
    }

    public MutableHttpResponse<String> page(
            HttpRequest<?> request, HttpStatus status, String template, Map<String, Object> model) {
        StringWriter out = new StringWriter();
        try {
            thymeleaf.render("console/" + template, model, request).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpResponse.<String>status(status)
                .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                .body(out.toString());
    }

    public MutableHttpResponse<String> ok(
            HttpRequest<?> request, String template, Map<String, Object> model) {
        return page(request, HttpStatus.OK, template, model);
    }
}

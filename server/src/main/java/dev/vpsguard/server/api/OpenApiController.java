package dev.vpsguard.server.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/v1/openapi.yml}: the OpenAPI document generated from the controllers at compile
 * time. Not public: like every route but health, enrolment and the unblock page, it needs a token.
 */
@Controller("/api/v1/openapi.yml")
public class OpenApiController {
    /** Where the micronaut-openapi processor writes it, named by the title and version. */
    static final String DOCUMENT = "META-INF/swagger/vpsguard-v1.yml";

    private final String document;

    public OpenApiController() {
        try (InputStream in =
                OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            document = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Hidden
    @Get(produces = "application/yaml")
    public HttpResponse<String> document() {
        if (document == null) {
            throw ApiException.notFound("this build has no OpenAPI document");
        }
        return HttpResponse.ok(document).contentType("application/yaml");
    }
}

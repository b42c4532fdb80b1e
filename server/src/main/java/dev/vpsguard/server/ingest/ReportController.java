package dev.vpsguard.server.ingest;

import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.auth.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;

/**
 * {@code POST /api/v1/reports}: agents only (host credential). The body is read raw so that the
 * service can gunzip it under its own limits.
 */
@Controller("/api/v1/reports")
public class ReportController {
    private final ReportService service;

    public ReportController(ReportService service) {
        this.service = service;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> report(
            @Body byte[] body,
            @Nullable @Header(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            HttpRequest<?> request) {
        if (!(Caller.of(request) instanceof Caller.Agent agent)) {
            throw ApiException.forbidden("reports need a host credential, not an admin token");
        }
        return HttpResponse.ok(
                        ProtocolJson.write(service.ingest(agent.hostId(), body, contentEncoding)))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}

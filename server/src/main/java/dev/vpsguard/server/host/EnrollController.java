package dev.vpsguard.server.host;

import dev.vpsguard.protocol.EnrollRequest;
import dev.vpsguard.protocol.InvalidMessageException;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.api.ApiException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/**
 * {@code POST /api/v1/enroll}: public (the one-time token in the body is the credential). Reads the
 * body with the protocol's strict reader, like the agent wrote it.
 */
@Controller("/api/v1/enroll")
public class EnrollController {
    private final HostService service;

    public EnrollController(HostService service) {
        this.service = service;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> enroll(@Body byte[] body) {
        EnrollRequest request;
        try {
            request = ProtocolJson.read(body, EnrollRequest.class);
        } catch (InvalidMessageException e) {
            throw ApiException.invalidField(e.field(), e.reason());
        }
        return HttpResponse.ok(ProtocolJson.write(service.enroll(request)))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}

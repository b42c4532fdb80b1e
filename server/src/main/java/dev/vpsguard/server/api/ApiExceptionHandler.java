package dev.vpsguard.server.api;

import dev.vpsguard.protocol.ErrorBody;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers an {@link ApiException} with its status and JSON {@link ErrorBody}. */
@Singleton
@Requires(classes = {ApiException.class, ExceptionHandler.class})
public class ApiExceptionHandler
        implements ExceptionHandler<ApiException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, ApiException e) {
        return HttpResponse.<ErrorBody>status(e.status())
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorText.body(e.code(), e.field(), e.getMessage()));
    }
}

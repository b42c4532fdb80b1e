package dev.vpsguard.server.api;

import dev.vpsguard.protocol.ErrorBody;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Gives the errors Micronaut raises itself (no route, wrong method, wrong content type, body too
 * large, unreadable JSON, unconvertible parameters) the same {@link ErrorBody} as ours. Replaces
 * Micronaut's default processor, which only exists when no other one does.
 */
@Singleton
public class ErrorBodyProcessor implements ErrorResponseProcessor<ErrorBody> {
    @Override
    public MutableHttpResponse<ErrorBody> processResponse(
            ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String field = null;
        String message = status.getReason();
        if (status.getCode() >= 500) {
            // What failed inside is for the server's log (Micronaut logs it), never for the
            // client: an exception's message can echo the request, a class or a query.
            return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(
                            ErrorText.body(
                                    codeFor(status), null, "internal error; see the server log"));
        }
        if (context.hasErrors()) {
            Error first = context.getErrors().get(0);
            field = first.getPath().orElse(null);
            message = first.getMessage();
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorText.body(codeFor(status), field, message));
    }

    /** The stable error code for a status. */
    static String codeFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "invalid_field";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case NOT_ACCEPTABLE -> "not_acceptable";
            case REQUEST_ENTITY_TOO_LARGE -> "payload_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            default -> status.getCode() >= 500 ? "internal_error" : "bad_request";
        };
    }
}

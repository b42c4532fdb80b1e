package dev.vpsguard.server.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;

/**
 * A client error with everything its JSON {@link dev.vpsguard.protocol.ErrorBody} needs. Services
 * throw it; {@link ApiExceptionHandler} turns it into the response.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String code;
    private final String field;

    private ApiException(HttpStatus status, String code, @Nullable String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** 400: {@code field} (a JSON path, or null for the document as a whole) is wrong. */
    public static ApiException invalidField(@Nullable String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_field", field, message);
    }

    /** 401: no credential, or one the server does not know. */
    public static ApiException unauthorized(String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", null, message);
    }

    /** 403: a known credential that may not do this. */
    public static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", null, message);
    }

    /** 404: no such resource. */
    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", null, message);
    }

    /** 409: the request is valid but the resource's state does not allow it now. */
    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, "conflict", null, message);
    }

    /** 413: the body is larger than allowed, compressed or decompressed. */
    public static ApiException payloadTooLarge(String message) {
        return new ApiException(
                HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large", null, message);
    }

    /** 415: a body encoding or type the server does not read. */
    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", null, message);
    }

    /** 503: the server cannot take the request now; the client should send it again later. */
    public static ApiException unavailable(String message) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", null, message);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    @Nullable
    public String field() {
        return field;
    }
}

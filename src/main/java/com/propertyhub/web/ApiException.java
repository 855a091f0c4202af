package com.propertyhub.web;

import java.time.Duration;
import java.util.List;

/**
 * A failure that the client caused or must know about, with its HTTP status and error code.
 * Services and resources throw these; {@link ApiExceptionMapper} turns them into {@link ApiError} bodies.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<ApiError.Detail> details;
    private final Duration retryAfter;

    public ApiException(int status, String code, String message, List<ApiError.Detail> details, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.retryAfter = retryAfter;
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of(), null);
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException invalidParameter(String name, String message) {
        return new ApiException(400, "invalid_parameter", "Query parameter '" + name + "' " + message,
                List.of(new ApiError.Detail(name, message)), null);
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(404, "not_found", "No " + what + " with id " + id);
    }

    public static ApiException conflict(String code, String field, String message) {
        return new ApiException(409, code, message, List.of(new ApiError.Detail(field, message)), null);
    }

    public static ApiException validation(List<ApiError.Detail> details) {
        return new ApiException(422, "validation_failed", "The request has invalid fields", details, null);
    }

    public static ApiException validation(String field, String message) {
        return validation(List.of(new ApiError.Detail(field, message)));
    }

    public static ApiException tooManyRequests(String message, Duration retryAfter) {
        return new ApiException(429, "rate_limited", message, List.of(), retryAfter);
    }

    public static ApiException unavailable(String code, String message) {
        return new ApiException(503, code, message, List.of(), Duration.ofSeconds(5));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<ApiError.Detail> details() {
        return details;
    }

    /** For 429 and 503: when the client may try again. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public ApiError toBody() {
        return ApiError.of(code, getMessage(), details);
    }
}

package com.propertyhub.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that decides what an error answer is: its status, its headers and its JSON body, for the REST API
 * (the exception mappers, through {@link #of}), the plain servlets ({@link ServletResponses#error}) and the
 * standalone server's answers to requests refused before any application code runs. Each of those only copies
 * what this says onto its own kind of response.
 */
public final class ErrorResponses {
    /** Every error body's type; JSON is UTF-8 by definition (RFC 8259 section 8.1), so no charset is named. */
    public static final String CONTENT_TYPE = MediaType.APPLICATION_JSON;

    private static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(400, "bad_request"),
            Map.entry(401, "unauthorized"),
            Map.entry(403, "forbidden"),
            Map.entry(404, "not_found"),
            Map.entry(405, "method_not_allowed"),
            Map.entry(406, "not_acceptable"),
            Map.entry(409, "conflict"),
            Map.entry(413, "payload_too_large"),
            Map.entry(414, "uri_too_long"),
            Map.entry(415, "unsupported_media_type"),
            Map.entry(422, "validation_failed"),
            Map.entry(429, "rate_limited"),
            Map.entry(431, "headers_too_large"),
            Map.entry(500, "internal_error"),
            Map.entry(503, "service_unavailable"));

    private static final Map<Integer, String> MESSAGES = Map.ofEntries(
            Map.entry(400, "The request is malformed"),
            Map.entry(401, "Authentication required"),
            Map.entry(403, "You are not allowed to do this"),
            Map.entry(404, "Not found"),
            Map.entry(405, "This method is not allowed here"),
            Map.entry(406, "This endpoint answers application/json"),
            Map.entry(413, "The request body is too large"),
            Map.entry(414, "The URI is too long"),
            Map.entry(415, "Send the body as application/json"),
            Map.entry(431, "The request headers are too large"),
            Map.entry(500, "Something went wrong on our side"),
            Map.entry(503, "The service is temporarily unavailable"));

    private ErrorResponses() {
    }

    public static String codeFor(int status) {
        return CODES.getOrDefault(status, status >= 500 ? "server_error" : "client_error");
    }

    public static String messageFor(int status) {
        return MESSAGES.getOrDefault(status, "Request failed");
    }

    /** The error for a bare status (an unknown path, a refused method, a container's own refusal). */
    public static ApiException forStatus(int status) {
        return new ApiException(status, codeFor(status), messageFor(status));
    }

    /**
     * The headers of the answer to {@code e}, besides its {@link #CONTENT_TYPE} and length:
     * {@code Cache-Control: no-store} always (an error can name the caller's own data), {@code Retry-After} in whole
     * seconds, at least 1, when the client may try again, the RFC 6750 challenge on every 401
     * ({@link BearerChallenge}), and {@code Connection: close} when the rest of an oversized body was left unread.
     */
    public static Map<String, String> headers(ApiException e) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        if (e.retryAfter() != null) {
            headers.put("Retry-After", Long.toString(retryAfterSeconds(e)));
        }
        if (e.status() == 401) {
            headers.put("WWW-Authenticate", BearerChallenge.of(e));
        }
        if (e instanceof BodySizeLimit.PayloadTooLarge tooLarge && !tooLarge.connectionReusable()) {
            // The rest of the oversized body is never read, so the connection cannot be reused: say so
            // (RFC 9112 section 9.6) rather than let a keep-alive client send its next request into a closed socket.
            headers.put("Connection", "close");
        }
        return headers;
    }

    /** {@code Retry-After} of {@code e} in whole seconds, at least 1; {@code e} must have one. */
    public static long retryAfterSeconds(ApiException e) {
        return Math.max(1, e.retryAfter().toSeconds());
    }

    /** The body of the answer to {@code e}: {@code {"error":{"code","message","details"}}} as UTF-8 JSON. */
    public static byte[] body(ApiException e, ObjectMapper json) {
        try {
            return json.writeValueAsBytes(e.toBody());
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot serialise an error body", impossible);
        }
    }

    /** The REST API's answer to {@code e}. */
    public static Response of(ApiException e) {
        Response.ResponseBuilder builder = Response.status(e.status())
                .type(CONTENT_TYPE)
                .entity(e.toBody());
        headers(e).forEach(builder::header);
        return builder.build();
    }

    public static Response of(int status) {
        return of(forStatus(status));
    }
}

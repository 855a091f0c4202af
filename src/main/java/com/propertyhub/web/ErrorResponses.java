package com.propertyhub.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Builds the contract's error answers; every exception mapper goes through here. */
public final class ErrorResponses {
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

    public static Response of(ApiException e) {
        Response.ResponseBuilder builder = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(e.toBody());
        if (e.retryAfter() != null) {
            builder.header("Retry-After", Math.max(1, e.retryAfter().toSeconds()));
        }
        if (e.status() == 401) {
            builder.header("WWW-Authenticate", BearerChallenge.of(e));
        }
        if (e instanceof BodySizeLimit.PayloadTooLarge tooLarge && !tooLarge.connectionReusable()) {
            // The rest of the oversized body is never read, so the connection cannot be reused: say so
            // (RFC 9112 section 9.6) rather than let a keep-alive client send its next request into a closed socket.
            builder.header("Connection", "close");
        }
        return builder.build();
    }

    public static Response of(int status) {
        return of(new ApiException(status, codeFor(status), messageFor(status)));
    }
}

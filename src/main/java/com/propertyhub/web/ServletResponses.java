package com.propertyhub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * JSON answers for the few plain servlets outside Jersey (event stream, health, container error pages),
 * built from the same {@link ApiException}/{@link ApiError} as the REST API's.
 */
public final class ServletResponses {
    private ServletResponses() {
    }

    public static void error(HttpServletResponse response, ApiException e, ObjectMapper json) throws IOException {
        if (e.retryAfter() != null) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        if (e.status() == 401) {
            response.setHeader("WWW-Authenticate", BearerChallenge.of(e));
        }
        json(response, e.status(), e.toBody(), json);
    }

    public static void json(HttpServletResponse response, int status, Object body, ObjectMapper json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = json.writeValueAsBytes(body);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}

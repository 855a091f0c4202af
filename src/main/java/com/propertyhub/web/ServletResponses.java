package com.propertyhub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * JSON answers for the few plain servlets and filters outside Jersey (event stream, health, metrics, container
 * error pages); an error's status, headers and body are those {@link ErrorResponses} decides for the REST API.
 */
public final class ServletResponses {
    private ServletResponses() {
    }

    public static void error(HttpServletResponse response, ApiException e, ObjectMapper json) throws IOException {
        ErrorResponses.headers(e).forEach(response::setHeader);
        response.setContentType(ErrorResponses.CONTENT_TYPE);
        write(response, e.status(), ErrorResponses.body(e, json));
    }

    public static void json(HttpServletResponse response, int status, Object body, ObjectMapper json)
            throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        write(response, status, json.writeValueAsBytes(body));
    }

    private static void write(HttpServletResponse response, int status, byte[] bytes) throws IOException {
        response.setStatus(status);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}

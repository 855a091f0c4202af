package com.propertyhub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container's error page (unknown path, bad request line, a failure before our code runs): the
 * contract's JSON error instead of the container's HTML page.
 */
public final class ErrorServlet extends HttpServlet {
    public static final String PATH = "/error-json";

    private final transient ObjectMapper json;

    public ErrorServlet(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        if (status < 400) {
            status = 500;
        }
        ServletResponses.error(response, ErrorResponses.forStatus(status), json);
    }
}

package com.propertyhub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code TRACE} is refused on every path with the contract's 405. A servlet's default TRACE echoes the request's
 * headers back, {@code Authorization} and {@code Cookie} included (cross-site tracing); nothing here needs it.
 * A filter rather than a container setting, so the WAR refuses it under any servlet container too.
 */
public final class NoTraceFilter extends HttpFilter {
    /** What the server answers at all; each path answers its own subset with 405 and its own Allow. */
    static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    private final transient ObjectMapper json;

    public NoTraceFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("TRACE".equals(request.getMethod())) {
            response.setHeader("Allow", ALLOW);
            ServletResponses.error(response, ErrorResponses.forStatus(405), json);
            return;
        }
        chain.doFilter(request, response);
    }
}

package com.propertyhub.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Browser-facing protections on every answer: a Content-Security-Policy without inline scripts or styles
 * (the dashboards are plain modules and stylesheets, so XSS cannot run injected code), no framing
 * (clickjacking, CWE-1021), no MIME sniffing, no referrer. CORS is off unless {@code CORS_ORIGINS} lists
 * origins: those get the headers they need, never with credentials (the API uses bearer tokens, not cookies).
 * Every answer under {@code /api/} (the event stream and every refusal included) is {@code Cache-Control: no-store}.
 */
public final class SecurityHeadersFilter extends HttpFilter {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private final transient Set<String> corsOrigins;

    public SecurityHeadersFilter(Set<String> corsOrigins) {
        this.corsOrigins = Set.copyOf(corsOrigins);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (isApi(request)) {
            // API answers are per caller (the login answer carries a token): no browser or proxy may keep them.
            response.setHeader("Cache-Control", "no-store");
        }
        String origin = request.getHeader("Origin");
        if (origin != null && corsOrigins.contains(origin)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.addHeader("Vary", "Origin");
            response.setHeader("Access-Control-Expose-Headers", "Location, Retry-After");
            if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
                response.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
                response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID");
                response.setHeader("Access-Control-Max-Age", "600");
                response.setStatus(204);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/api") || path.startsWith("/api/");
    }
}

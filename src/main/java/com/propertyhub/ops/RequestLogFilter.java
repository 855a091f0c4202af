package com.propertyhub.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request (method, path, status, duration) and the {@code http_server_requests} timer, tagged
 * with known methods only ({@code other} for the rest) and the matched route: its series are bounded whatever
 * clients send.
 * Only the path is logged, never the query string (it can hold a stream ticket) or any header (tokens).
 * Event streams are logged when they end, with how long they were open.
 */
public final class RequestLogFilter extends HttpFilter {
    private static final Logger log = LoggerFactory.getLogger("http");
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final String UNMATCHED = "unmatched";
    private static final Set<String> HEALTH_PROBES = Set.of("/live", "/ready");

    private final transient MeterRegistry registry;

    public RequestLogFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        record(request, response, start);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            } else {
                record(request, response, start);
            }
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, long start) {
        long nanos = System.nanoTime() - start;
        String path = request.getRequestURI();
        int status = response.getStatus();
        Timer.builder("http_server_requests")
                .tag("method", KNOWN_METHODS.contains(request.getMethod()) ? request.getMethod() : "other")
                .tag("status", Integer.toString(status))
                .tag("route", route(request, status))
                .register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (log.isInfoEnabled()) {
            log.info("{} {} {} {}ms", request.getMethod(), sanitize(path), status, nanos / 1_000_000);
        }
    }

    /**
     * The route as the server knows it, never the path a client sent: the API's matched template
     * ({@code /api/customers/{id}}), a plain servlet's own mapping ({@code /api/events}, {@code /metrics}),
     * {@code static} for a file served, and {@code unmatched} for everything else (404s, API requests refused before
     * matching), so that no request can add a series of its own.
     */
    private static String route(HttpServletRequest request, int status) {
        if (request.getAttribute(MatchedRoute.ATTRIBUTE) instanceof String template) {
            return request.getServletPath() + template;
        }
        if (status == 404) {
            return UNMATCHED;
        }
        HttpServletMapping mapping = request.getHttpServletMapping();
        if (mapping == null || mapping.getMappingMatch() == null) {
            return UNMATCHED;
        }
        return switch (mapping.getMappingMatch()) {
            case EXACT -> mapping.getPattern();
            case DEFAULT, CONTEXT_ROOT -> "static";
            case PATH -> mapping.getPattern().equals("/health/*") && request.getPathInfo() != null
                    && HEALTH_PROBES.contains(request.getPathInfo())
                    ? "/health" + request.getPathInfo() : UNMATCHED;
            default -> UNMATCHED;
        };
    }

    private static String sanitize(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "..." : path.replaceAll("[\\r\\n]", "?");
    }
}

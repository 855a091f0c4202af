package com.propertyhub.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request (method, path, status, duration) and the {@code http_server_requests} timer.
 * Only the path is logged, never the query string (it can hold a stream ticket) or any header (tokens).
 * Event streams are logged when they end, with how long they were open.
 */
public final class RequestLogFilter extends HttpFilter {
    private static final Logger log = LoggerFactory.getLogger("http");
    private static final Pattern ID = Pattern.compile("/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|/\\d+");

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
                .tag("method", request.getMethod())
                .tag("status", Integer.toString(status))
                .tag("route", route(request))
                .register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (log.isInfoEnabled()) {
            log.info("{} {} {} {}ms", request.getMethod(), sanitize(path), status, nanos / 1_000_000);
        }
    }

    /** The path relative to the context with ids folded, so the timer has few distinct routes. */
    private static String route(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/api/") && !path.startsWith("/health") && !path.equals("/metrics")) {
            return "static";
        }
        return ID.matcher(path).replaceAll("/{id}");
    }

    private static String sanitize(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "..." : path.replaceAll("[\\r\\n]", "?");
    }
}

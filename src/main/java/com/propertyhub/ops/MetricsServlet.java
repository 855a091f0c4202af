package com.propertyhub.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.ServletResponses;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} in the Prometheus text format, for the callers {@link MetricsAccess} lets in. Holds counts
 * only (no ids, no names, no tokens).
 */
public final class MetricsServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(MetricsServlet.class);

    private final transient PrometheusMeterRegistry registry;
    private final transient MetricsAccess access;
    private final transient ObjectMapper json;

    public MetricsServlet(PrometheusMeterRegistry registry, MetricsAccess access, ObjectMapper json) {
        this.registry = registry;
        this.access = access;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            access.require(request.getHeader("Authorization"));
        } catch (ApiException e) {
            ServletResponses.error(response, e, json);
            return;
        } catch (RuntimeException e) {
            // The user check reads the database; without it nobody can be let in.
            log.warn("Cannot check access to the metrics: {}", e.toString());
            ServletResponses.error(response, ApiException.unavailable("service_unavailable",
                    "The metrics are temporarily unavailable"), json);
            return;
        }
        response.setStatus(200);
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        registry.scrape(response.getOutputStream());
    }
}

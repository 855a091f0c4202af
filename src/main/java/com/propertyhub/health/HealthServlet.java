package com.propertyhub.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.web.ServletResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /health} (the full report: 200 while up or degraded, 503 when down), {@code /health/live}
 * (the process answers) and {@code /health/ready} (it can serve: the database is reachable).
 * Open without a token, like load-balancer checks expect; it reveals only up/down words.
 */
public final class HealthServlet extends HttpServlet {
    private final transient Health health;
    private final transient ObjectMapper json;

    public HealthServlet(Health health, ObjectMapper json) {
        this.health = health;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (path) {
            case "", "/" -> {
                Health.Report report = health.check();
                ServletResponses.json(response, report.isDown() ? 503 : 200, report, json);
            }
            case "/live" -> ServletResponses.json(response, 200, Map.of("status", "up"), json);
            case "/ready" -> {
                Health.Report report = health.check();
                ServletResponses.json(response, report.isDown() ? 503 : 200,
                        Map.of("status", report.isDown() ? "down" : "up"), json);
            }
            default -> response.sendError(404);
        }
    }
}

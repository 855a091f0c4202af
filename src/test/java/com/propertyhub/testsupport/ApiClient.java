package com.propertyhub.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small real-HTTP client for the API (java.net.http), with the token handling tests need. */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    /** Sent with every request, e.g. the X-Forwarded-For a reverse proxy would add. */
    private final Map<String, String> headers;

    public ApiClient(String baseUrl) {
        this(baseUrl, null, Map.of());
    }

    private ApiClient(String baseUrl, String token, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.headers = headers;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String token() {
        return token;
    }

    /** A client that sends {@code Authorization: Bearer token}. */
    public ApiClient as(String bearerToken) {
        return new ApiClient(baseUrl, bearerToken, headers);
    }

    /** A client that also sends {@code name: value} on every request. */
    public ApiClient withHeader(String name, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new ApiClient(baseUrl, token, Map.copyOf(all));
    }

    /** Logs in and returns a client carrying the token; fails the test if the login fails. */
    public ApiClient login(String email, String password) {
        ApiResponse r = post("/api/auth/login", Map.of("email", email, "password", password));
        if (r.status() != 200) {
            throw new AssertionError("login of " + email + " failed: " + r);
        }
        return as(r.json().get("token").asText());
    }

    public ApiClient loginAsAdmin() {
        return login(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
    }

    public ApiResponse get(String path) {
        return send("GET", path, null, null);
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, null, null);
    }

    public ApiResponse post(String path, Object body) {
        return send("POST", path, json(body), "application/json");
    }

    public ApiResponse put(String path, Object body) {
        return send("PUT", path, json(body), "application/json");
    }

    public ApiResponse patch(String path, Object body) {
        return send("PATCH", path, json(body), "application/json");
    }

    /** Any method with a raw body and content type (null for none), for malformed-input tests. */
    public ApiResponse send(String method, String path, String rawBody, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        b.method(method, rawBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(
                rawBody));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(r.statusCode(), r.headers(), r.body(), parse(r.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens an event stream with this client's token. */
    public SseClient stream(String query) {
        return SseClient.open(baseUrl + "/api/events" + (query == null ? "" : query), token, null);
    }

    public SseClient stream() {
        return stream(null);
    }

    public static String json(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}

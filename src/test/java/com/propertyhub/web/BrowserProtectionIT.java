package com.propertyhub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.RawRequest;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Security headers on every answer, CORS only for the configured origins, {@code Cache-Control: no-store} on every
 * API answer (the login answer's token must not sit in a cache), and no {@code TRACE} that echoes credentials.
 */
class BrowserProtectionIT {
    private static final String ALLOWED = "https://app.propertyhub.example";
    static TestNode node;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(TestNode.freshDatabaseSettings());
        settings.put("CORS_ORIGINS", ALLOWED + ", https://other.example");
        node = TestNode.start(settings);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyAnswerCarriesTheBrowserProtections() throws Exception {
        for (String path : new String[] {"/health", "/api/customers", "/no-such-page"}) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)));
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), path + ": " + csp);
            assertTrue(csp.contains("frame-ancestors 'none'"), path + ": " + csp);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), path);
        }
    }

    @Test
    void allowedOriginGetsCorsWithoutCredentialsOthersGetNone() throws Exception {
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/customers"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED).header("Access-Control-Request-Method", "POST"));
        assertEquals(204, preflight.statusCode());
        assertEquals(ALLOWED, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
        assertNull(preflight.headers().firstValue("Access-Control-Allow-Credentials").orElse(null));

        HttpResponse<String> stranger = send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/customers"))
                .header("Origin", "https://evil.example"));
        assertEquals(401, stranger.statusCode());
        assertNull(stranger.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "no CORS for strangers");
    }

    @Test
    void everyApiAnswerIsNoStoreTheLoginAnswerFirst() throws Exception {
        ApiClient anonymous = node.api();
        Map<String, ApiResponse> answers = new LinkedHashMap<>();
        answers.put("login", anonymous.post("/api/auth/login",
                Map.of("email", TestNode.ADMIN_EMAIL, "password", TestNode.ADMIN_PASSWORD)));
        ApiClient admin = anonymous.as(answers.get("login").json().get("token").asText());
        answers.put("failed login", anonymous.post("/api/auth/login",
                Map.of("email", TestNode.ADMIN_EMAIL, "password", "wrong-password")));
        answers.put("list", admin.get("/api/customers"));
        answers.put("no token", anonymous.get("/api/customers"));
        answers.put("unknown path", admin.get("/api/no-such-thing"));
        answers.put("wrong method", admin.send("PUT", "/api/auth/me", "{}", "application/json"));
        answers.put("invalid body", admin.post("/api/customers", Map.of()));
        answers.put("malformed JSON", admin.send("POST", "/api/customers", "{", "application/json"));
        answers.put("stream without token", anonymous.get("/api/events"));
        answers.put("bad request line", RawRequest.send(node.port(), "GET /api/customers/%zz HTTP/1.1", Map.of()));
        answers.put("preflight", answer(send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/customers"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED).header("Access-Control-Request-Method", "POST"))));
        assertEquals(200, answers.get("login").status(), answers.get("login")::toString);
        answers.forEach((what, r) -> assertEquals("no-store", r.header("Cache-Control"), what + ": " + r));
        try (SseClient stream = admin.stream()) {
            assertEquals(200, stream.status());
            assertEquals("no-store", stream.header("Cache-Control"), "the event stream");
        }
    }

    @Test
    void traceIsRefusedEverywhereAndEchoesNothing() {
        String token = node.api().loginAsAdmin().token();
        for (String path : new String[] {"/", "/index.html", "/health", "/metrics", "/api/customers", "/api/events",
                "/api/auth/login", "/no-such-page"}) {
            ApiResponse r = RawRequest.send(node.port(), "TRACE " + path + " HTTP/1.1",
                    Map.of("Authorization", "Bearer " + token, "Cookie", "session=cookie-secret"));
            assertEquals(405, r.status(), path + ": " + r);
            assertEquals("method_not_allowed", r.errorCode(), path + ": " + r);
            assertFalse(r.body().contains(token) || r.body().contains("cookie-secret"), path + " echoed: " + r.body());
        }
    }

    private static ApiResponse answer(HttpResponse<String> r) {
        return new ApiResponse(r.statusCode(), r.headers(), r.body(), null);
    }
}

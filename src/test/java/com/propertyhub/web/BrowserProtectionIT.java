package com.propertyhub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Security headers on every answer, and CORS only for the configured origins. */
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
}

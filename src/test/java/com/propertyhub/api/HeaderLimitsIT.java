package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.RawRequest;
import com.propertyhub.testsupport.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests the server refuses before any application code runs: headers over {@code HTTP_MAX_HEADER_SIZE}
 * (16 KiB by default) are a 431, a request line too long a 414, a malformed request line or URI a 400, each with
 * the contract's JSON error; the node keeps serving everyone else, open streams included.
 */
class HeaderLimitsIT extends NodeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/customers", "/api/events", "/health", "/index.html", "/api/auth/login"})
    void aSixtyFourKibibyteCookieIs431Json(String path) {
        ApiResponse r = raw("GET " + path + " HTTP/1.1", Map.of("Authorization", "Bearer " + admin.token(),
                "Cookie", "session=" + "c".repeat(64 * 1024)));
        assertError(r, 431, "headers_too_large");
    }

    @Test
    void aHugeAuthorizationHeaderIs431Json() {
        ApiResponse r = raw("GET /api/customers HTTP/1.1", Map.of("Authorization", "Bearer " + "a".repeat(64 * 1024)));
        assertError(r, 431, "headers_too_large");
    }

    @Test
    void manySmallHeadersAddingUpPastTheLimitAre431() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + admin.token());
        for (int i = 0; i < 400; i++) {
            headers.put("X-Filler-" + i, "f".repeat(60));
        }
        assertError(raw("GET /api/customers HTTP/1.1", headers), 431, "headers_too_large");
    }

    @Test
    void headersUnderTheDefaultLimitAreServed() {
        // 12 KiB: over Jetty's own 8 KiB default, under the configured 16 KiB.
        ApiResponse r = raw("GET /api/customers?limit=1 HTTP/1.1", Map.of("Authorization", "Bearer " + admin.token(),
                "Cookie", "session=" + "c".repeat(12 * 1024)));
        assertEquals(200, r.status(), r::toString);
    }

    @Test
    void aRequestLineTooLongIs414Json() {
        ApiResponse r = raw("GET /api/customers?q=" + "q".repeat(64 * 1024) + " HTTP/1.1",
                Map.of("Authorization", "Bearer " + admin.token()));
        assertError(r, 414, "uri_too_long");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET /api/customers/%0D%0ASet-Cookie:%20x=1 HTTP/1.1", "GET /api/customers/%zz HTTP/1.1",
            "GET /api/%00 HTTP/1.1", "GET /api/customers/../../WEB-INF/web.xml HTTP/1.1",
            "PATCH /api/customers/%0D%0A HTTP/1.1"})
    void aMalformedRequestLineIsA400Or404JsonThatSetsNothing(String requestLine) {
        ApiResponse r = raw(requestLine, Map.of("Authorization", "Bearer " + admin.token()));
        assertError(r, r.status() == 404 ? 404 : 400, null);
        assertEquals(null, r.header("Set-Cookie"), r::toString);
    }

    @Test
    void oversizedRequestsDoNotDisturbOtherClientsOrOpenStreams() throws Exception {
        try (SseClient stream = admin.stream()) {
            assertEquals(200, stream.status());
            stream.await("ready", WAIT);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<ApiResponse>> floods = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    floods.add(pool.submit(() -> raw("GET /api/customers HTTP/1.1",
                            Map.of("Cookie", "c=" + "x".repeat(64 * 1024)))));
                }
                for (int i = 0; i < 20; i++) {
                    assertEquals(200, admin.get("/api/customers?limit=1").status(), "a normal request meanwhile");
                }
                for (Future<ApiResponse> f : floods) {
                    assertEquals(431, f.get(30, TimeUnit.SECONDS).status());
                }
            } finally {
                pool.shutdownNow();
            }
            JsonNode emitted = expect(admin.post("/api/realtime/emit",
                    Map.of("room", "admins", "event", "test:after", "data", Map.of())), 201).json();
            stream.await(e -> emitted.get("id").asText().equals(e.id()), WAIT, "an event after the flood");
        }
    }

    // -------------------------------------------------------------------------------------------------- helpers

    private static ApiResponse raw(String requestLine, Map<String, String> headers) {
        return RawRequest.send(node.port(), requestLine, headers);
    }
}

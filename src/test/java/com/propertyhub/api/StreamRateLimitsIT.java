package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.Markers;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestCluster;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stream opens, stream tickets and stream closes are limited per user (bursts of STREAM_RATE_BURST, then
 * STREAM_RATE_PER_MINUTE), and an address whose stream requests keep failing authentication is refused for a
 * while (STREAM_AUTH_FAILURES_PER_MINUTE): 429 with Retry-After in the contract's error shape for tickets and
 * closes; a stream open is refused as a stream (one unavailable event, retry: set to Retry-After). Cluster-wide
 * with Redis. The node here allows bursts of 3 and one more a minute, so a refusal cannot be refilled away while a
 * test runs.
 */
class StreamRateLimitsIT {
    private static final int BURST = 3;
    private static final Map<String, String> SETTINGS = Map.of(
            "STREAM_RATE_BURST", Integer.toString(BURST),
            "STREAM_RATE_PER_MINUTE", "1",
            "STREAM_AUTH_FAILURES_PER_MINUTE", Integer.toString(BURST),
            "TRUSTED_PROXIES", "127.0.0.1/32,::1/128",
            "LOGIN_MAX_FAILURES", "1000");

    static TestNode node;
    static ApiClient root;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.putAll(SETTINGS);
        node = TestNode.start(settings);
        root = node.api().loginAsAdmin();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void streamTicketsAreLimitedPerUser() {
        ApiClient user = staff(root);
        for (int i = 0; i < BURST; i++) {
            Fixtures.expect(user.post("/api/auth/stream-ticket", Map.of()), 200);
        }
        assertLimited(user.post("/api/auth/stream-ticket", Map.of()));
        Fixtures.expect(staff(root).post("/api/auth/stream-ticket", Map.of()), 200);
    }

    @Test
    void streamClosesAreLimitedPerUser() {
        ApiClient user = staff(root);
        for (int i = 0; i < BURST; i++) {
            Fixtures.expect(user.delete("/api/events/" + UUID.randomUUID()), 204);
        }
        assertLimited(user.delete("/api/events/" + UUID.randomUUID()));
        Fixtures.expect(staff(root).delete("/api/events/" + UUID.randomUUID()), 204);
    }

    @Test
    void streamOpensAreLimitedPerUserEvenWhenEachIsClosedAgain() {
        ApiClient user = staff(root);
        for (int i = 0; i < BURST; i++) {
            try (SseClient s = Markers.openReady(user)) {
                assertEquals(200, s.status());
            }
        }
        // The refusal comes before a stream starts: one unavailable event, then the end.
        assertStreamRefused(open(user.token(), null, ""), 429, "rate_limited");
        try (SseClient other = Markers.openReady(staff(root))) {
            assertEquals(200, other.status(), "another user still gets in");
        }
    }

    @Test
    void anAddressWhoseStreamRequestsKeepFailingAuthenticationIsRefusedForAWhile() {
        for (int i = 0; i < BURST; i++) {
            assertStreamRefused(open(null, "203.0.113.20", badTicket()), 401, "invalid_ticket");
        }
        assertStreamRefused(open(null, "203.0.113.20", badTicket()), 429, "rate_limited");
        // Before any token is looked at: from that address even a valid one waits.
        assertStreamRefused(open(root.token(), "203.0.113.20", ""), 429, "rate_limited");
        // Other clients of the same proxy, and the proxy's own address, are not affected.
        assertStreamRefused(open(null, "203.0.113.21", badTicket()), 401, "invalid_ticket");
        try (SseClient s = Markers.openReady(staff(root))) {
            assertEquals(200, s.status());
        }
    }

    @Test
    void theLimitsHoldAcrossTheCluster() {
        try (TestCluster cluster = new TestCluster(SETTINGS)) {
            TestNode a = cluster.start("stream-rate-a");
            TestNode b = cluster.start("stream-rate-b");
            ApiClient rootA = a.api().loginAsAdmin();
            String email = Fixtures.staff(rootA, "SUPPORT").get("email").asText();
            ApiClient onA = a.api().login(email, Fixtures.PASSWORD);
            ApiClient onB = b.api().login(email, Fixtures.PASSWORD);
            for (int i = 0; i < BURST; i++) {
                Fixtures.expect((i % 2 == 0 ? onA : onB).post("/api/auth/stream-ticket", Map.of()), 200);
            }
            assertLimited(onA.post("/api/auth/stream-ticket", Map.of()));
            assertLimited(onB.post("/api/auth/stream-ticket", Map.of()));

            for (int i = 0; i < BURST; i++) {
                assertStreamRefused(open(i % 2 == 0 ? a : b, null, "203.0.113.30", badTicket()), 401, "invalid_ticket");
            }
            assertStreamRefused(open(a, null, "203.0.113.30", badTicket()), 429, "rate_limited");
            assertStreamRefused(open(b, null, "203.0.113.30", badTicket()), 429, "rate_limited");
        }
    }

    /** A stream request to the class's node, as the proxy forwards it for {@code client} (none: direct). */
    private static SseClient open(String token, String client, String query) {
        return open(node, token, client, query);
    }

    private static SseClient open(TestNode to, String token, String client, String query) {
        return SseClient.openWithHeaders(to.baseUrl() + "/api/events" + query, token,
                client == null ? Map.of() : Map.of("X-Forwarded-For", client));
    }

    private static String badTicket() {
        return "?ticket=" + UUID.randomUUID();
    }

    /**
     * Refused before any stream started. A 429 passes, so it is answered the way every standard client retries by
     * itself: a stream with retry: set to Retry-After, one unavailable event with the code, and its end. Any other
     * refusal is the contract's JSON error.
     */
    private static void assertStreamRefused(SseClient s, int status, String code) {
        try (s) {
            if (status == 429) {
                s.awaitTemporaryRefusal(code, Duration.ofSeconds(10));
                return;
            }
            assertEquals(status, s.status(), () -> s.status() == 200 ? "a stream was opened" : "body " + s.error());
            assertTrue(s.header("Content-Type").startsWith("application/json"), s.header("Content-Type"));
            assertEquals(code, s.error().path("error").path("code").asText(), () -> String.valueOf(s.error()));
            assertTrue(s.error().path("error").path("message").isTextual(), () -> String.valueOf(s.error()));
            assertTrue(s.error().path("error").path("details").isArray(), () -> String.valueOf(s.error()));
        }
    }

    private static void assertLimited(ApiResponse r) {
        assertError(r, 429, "rate_limited");
        String retryAfter = r.header("Retry-After");
        assertTrue(retryAfter != null && retryAfter.matches("[1-9][0-9]*"), () -> "Retry-After on " + r);
    }

    private static ApiClient staff(ApiClient superAdmin) {
        return Fixtures.loginAs(superAdmin, Fixtures.staff(superAdmin, "SUPPORT"));
    }
}

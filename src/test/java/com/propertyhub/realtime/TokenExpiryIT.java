package com.propertyhub.realtime;

import static com.propertyhub.realtime.RealtimeFixtures.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Short-lived credentials: tokens valid for 2 s and stream tickets for 1 s. */
class TokenExpiryIT {
    private static TestNode node;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.put("JWT_TTL", "2s");
        settings.put("STREAM_TICKET_TTL", "1s");
        node = TestNode.start(settings);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void streamGetsAuthExpiredWhenItsTokenExpiresAndThenEnds() {
        ApiResponse login = Fixtures.expect(node.api().post("/api/auth/login",
                Map.of("email", TestNode.ADMIN_EMAIL, "password", TestNode.ADMIN_PASSWORD)), 200);
        Instant expiresAt = Instant.parse(login.json().get("expiresAt").asText());
        ApiClient admin = node.api().as(login.json().get("token").asText());
        try (SseClient s = admin.stream()) {
            assertEquals(200, s.status());
            s.await("ready", WAIT);
            s.await("auth:expired", WAIT);
            assertFalse(Instant.now().isBefore(expiresAt), "auth:expired came before the token expired");
            s.awaitEnded(WAIT);
            List<SseEvent> events = s.events();
            assertEquals("auth:expired", events.get(events.size() - 1).event(), "auth:expired is the last event");
        }
        SseClient again = admin.stream();
        assertEquals(401, again.status());
        assertEquals("token_expired", again.error().path("error").path("code").asText());
    }

    @Test
    void streamOpenedWithATicketEndsWhenTheTokenBehindTheTicketExpires() {
        ApiClient admin = node.api().loginAsAdmin();
        JsonNode ticket = Fixtures.expect(admin.post("/api/auth/stream-ticket", Map.of()), 200).json();
        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events?ticket=" + ticket.get("ticket").asText(), null, null)) {
            assertEquals(200, s.status(), () -> "ticket refused: " + s.error());
            s.await("auth:expired", WAIT);
            s.awaitEnded(WAIT);
        }
    }

    @Test
    void expiredTicketIsRefusedWith401() {
        ApiClient admin = node.api().loginAsAdmin();
        Instant asked = Instant.now();
        JsonNode ticket = Fixtures.expect(admin.post("/api/auth/stream-ticket", Map.of()), 200).json();
        Instant expiresAt = Instant.parse(ticket.get("expiresAt").asText());
        assertTrue(!expiresAt.isAfter(asked.plusSeconds(2)), "a 1 s ticket expires at " + expiresAt);
        Await.until(Duration.ofSeconds(10), () -> Instant.now().isAfter(expiresAt.plusMillis(100)), "the ticket to expire");

        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events?ticket=" + ticket.get("ticket").asText(), null, null)) {
            assertEquals(401, s.status());
            assertEquals("invalid_ticket", s.error().path("error").path("code").asText());
            assertTrue(s.header("Content-Type").startsWith("application/json"));
        }
    }
}

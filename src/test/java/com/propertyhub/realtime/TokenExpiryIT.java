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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
        AtomicReference<Instant> expiresAt = new AtomicReference<>();
        AtomicReference<ApiClient> admin = new AtomicReference<>();
        // A 2 s token: on a very busy machine it may expire before the stream opens; then log in again.
        SseClient s = openBefore(() -> {
            ApiResponse login = Fixtures.expect(node.api().post("/api/auth/login",
                    Map.of("email", TestNode.ADMIN_EMAIL, "password", TestNode.ADMIN_PASSWORD)), 200);
            expiresAt.set(Instant.parse(login.json().get("expiresAt").asText()));
            admin.set(node.api().as(login.json().get("token").asText()));
            return admin.get().stream();
        });
        try {
            s.await("ready", WAIT);
            Instant arrived = arrival(s.await("auth:expired", WAIT));
            assertFalse(arrived.isBefore(expiresAt.get()), () -> "auth:expired came at " + arrived
                    + ", before the token expired at " + expiresAt.get());
            s.awaitEnded(WAIT);
            List<SseEvent> events = s.events();
            assertEquals("auth:expired", events.get(events.size() - 1).event(), "auth:expired is the last event");
        } finally {
            s.close();
        }
        SseClient again = admin.get().stream();
        assertEquals(401, again.status());
        assertEquals("token_expired", again.error().path("error").path("code").asText());
    }

    /**
     * The stream lives as long as the token the ticket was made from (2 s), not as the ticket (1 s): the ticket only
     * opens it.
     */
    @Test
    void streamOpenedWithATicketEndsWhenTheTokenBehindTheTicketExpires() {
        AtomicReference<Instant> tokenExpiresAt = new AtomicReference<>();
        SseClient s = openBefore(() -> {
            ApiResponse login = Fixtures.expect(node.api().post("/api/auth/login",
                    Map.of("email", TestNode.ADMIN_EMAIL, "password", TestNode.ADMIN_PASSWORD)), 200);
            tokenExpiresAt.set(Instant.parse(login.json().get("expiresAt").asText()));
            ApiClient admin = node.api().as(login.json().get("token").asText());
            String ticket = Fixtures.expect(admin.post("/api/auth/stream-ticket", Map.of()), 200).json()
                    .get("ticket").asText();
            return SseClient.open(node.baseUrl() + "/api/events?ticket=" + ticket, null, null);
        });
        try {
            s.await("ready", WAIT);
            Instant arrived = arrival(s.await("auth:expired", WAIT));
            assertFalse(arrived.isBefore(tokenExpiresAt.get()), () -> "auth:expired came at " + arrived
                    + ", before the token behind the ticket expired at " + tokenExpiresAt.get());
            s.awaitEnded(WAIT);
        } finally {
            s.close();
        }
    }

    /** When {@code e} arrived, on the wall clock (its {@link SseEvent#receivedNanos()} is on the nanoTime clock). */
    private static Instant arrival(SseEvent e) {
        return Instant.now().minusNanos(System.nanoTime() - e.receivedNanos());
    }

    /** Opens a stream with fresh short-lived credentials, again if they expired before the stream opened. */
    private static SseClient openBefore(Supplier<SseClient> attempt) {
        AtomicReference<SseClient> opened = new AtomicReference<>();
        Await.until(WAIT, () -> {
            SseClient s = attempt.get();
            if (s.status() != 200) {
                assertEquals(401, s.status(), () -> "refused: " + s.error());
                return false;
            }
            opened.set(s);
            return true;
        }, "a stream opened with credentials that had not yet expired");
        return opened.get();
    }

    @Test
    void expiredTicketIsRefusedWith401() {
        ApiClient admin = node.api().loginAsAdmin();
        Instant asked = Instant.now();
        JsonNode ticket = Fixtures.expect(admin.post("/api/auth/stream-ticket", Map.of()), 200).json();
        Instant expiresAt = Instant.parse(ticket.get("expiresAt").asText());
        assertTrue(!expiresAt.isAfter(asked.plusSeconds(2)), "a 1 s ticket expires at " + expiresAt);
        Await.until(Duration.ofSeconds(10), () -> Instant.now().isAfter(expiresAt.plusMillis(100)),
                "the ticket to expire");

        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events?ticket=" + ticket.get("ticket").asText(), null,
                null)) {
            assertEquals(401, s.status());
            assertEquals("invalid_ticket", s.error().path("error").path("code").asText());
            assertTrue(s.header("Content-Type").startsWith("application/json"));
        }
    }
}

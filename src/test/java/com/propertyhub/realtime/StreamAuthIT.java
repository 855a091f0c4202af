package com.propertyhub.realtime;

import static com.propertyhub.realtime.RealtimeFixtures.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestNode;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may open a stream: bearer tokens, and the one-time stream tickets that browsers use. */
class StreamAuthIT {
    private static TestNode node;
    private static ApiClient root;
    private static JsonNode tenant;
    private static ApiClient tenantApi;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        root = node.api().loginAsAdmin();
        JsonNode customer = Fixtures.customer(root, "Ticket Towers");
        tenant = Fixtures.customerUser(root, customer.get("id").asText(), "TENANT");
        tenantApi = Fixtures.loginAs(root, tenant);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aMalformedRequestDoesNotUseUpTheTicket() {
        String ticket = tenantApi.post("/api/auth/stream-ticket", Map.of()).json().get("ticket").asText();
        try (SseClient bad = SseClient.open(node.baseUrl() + "/api/events?events=,&ticket=" + ticket, null, null)) {
            assertEquals(400, bad.status());
        }
        try (SseClient good = SseClient.open(node.baseUrl() + "/api/events?ticket=" + ticket, null, null)) {
            assertEquals(200, good.status(), () -> "the ticket still works: " + good.error());
            good.await("ready", WAIT);
        }
    }

    @Test
    void ticketOpensOneStreamForItsUserAndOnlyOnce() {
        Instant asked = Instant.now();
        ApiResponse issued = tenantApi.post("/api/auth/stream-ticket", Map.of());
        assertTrue(issued.status() == 200 || issued.status() == 201, issued.toString());
        String ticket = issued.json().get("ticket").asText();
        Instant expiresAt = Instant.parse(issued.json().get("expiresAt").asText());
        assertTrue(ticket.length() >= 32, "a ticket has enough entropy: " + ticket);
        assertTrue(expiresAt.isAfter(asked), "expiresAt " + expiresAt + " is in the future");
        assertTrue(!expiresAt.isAfter(Instant.now().plusSeconds(60)), "a ticket lives at most 60 s: " + expiresAt);

        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events?ticket=" + ticket, null, null)) {
            assertEquals(200, s.status(), () -> "ticket refused: " + s.error());
            JsonNode ready = s.await("ready", WAIT).json();
            assertEquals(tenant.get("id"), ready.get("user").get("id"));
            assertEquals("user:" + tenant.get("id").asText(),
                    StreamSupport.stream(ready.get("rooms").spliterator(), false).findFirst().orElseThrow().asText());

            try (SseClient again = SseClient.open(node.baseUrl() + "/api/events?ticket=" + ticket, null, null)) {
                assertEquals(401, again.status());
                assertEquals("invalid_ticket", again.error().path("error").path("code").asText());
                assertTrue(again.header("Content-Type").startsWith("application/json"));
            }
        }
        assertNotEquals(ticket, tenantApi.post("/api/auth/stream-ticket", Map.of()).json().get("ticket").asText());
    }

    @Test
    void aTicketRedeemedConcurrentlyOpensExactlyOneStream() throws Exception {
        String ticket = tenantApi.post("/api/auth/stream-ticket", Map.of()).json().get("ticket").asText();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<SseClient> attempts = new ArrayList<>();
        try {
            List<Future<SseClient>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> SseClient.open(node.baseUrl() + "/api/events?ticket=" + ticket, null,
                        null)));
            }
            for (Future<SseClient> f : futures) {
                attempts.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, attempts.stream().filter(a -> a.status() == 200).count());
            assertEquals(3, attempts.stream().filter(a -> a.status() == 401).count());
        } finally {
            pool.shutdownNow();
            attempts.forEach(SseClient::close);
        }
    }

    @Test
    void streamWithoutValidCredentialsIsRefusedWith401Json() {
        String wrongKey = Jwts.builder().subject(tenant.get("id").asText()).claim("role", "SUPER_ADMIN")
                .issuedAt(new Date()).expiration(Date.from(Instant.now().plus(Duration.ofHours(1))))
                .signWith(Keys.hmacShaKeyFor("another-secret-that-is-at-least-32-bytes!".getBytes(
                        StandardCharsets.UTF_8)))
                .compact();
        Map<String, SseClient> refused = new java.util.LinkedHashMap<>();
        refused.put("no credentials", SseClient.open(node.baseUrl() + "/api/events", null, null));
        refused.put("garbage token", SseClient.open(node.baseUrl() + "/api/events", "not-a-jwt", null));
        refused.put("wrong key", SseClient.open(node.baseUrl() + "/api/events", wrongKey, null));
        refused.put("unknown ticket", SseClient.open(node.baseUrl() + "/api/events?ticket=nope", null, null));
        refused.put("empty ticket", SseClient.open(node.baseUrl() + "/api/events?ticket=", null, null));
        refused.forEach((why, s) -> {
            assertEquals(401, s.status(), why);
            assertTrue(s.header("Content-Type").startsWith("application/json"), why);
            assertTrue(s.error().path("error").path("code").isTextual(), why);
            assertTrue(s.error().path("error").path("message").isTextual(), why);
        });
        assertEquals(401, node.api().post("/api/auth/stream-ticket", Map.of()).status(), "a ticket needs a token");
    }
}

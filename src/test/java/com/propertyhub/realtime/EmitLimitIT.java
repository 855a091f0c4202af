package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An emit flood is refused with 429 before it reaches the event log. */
class EmitLimitIT {
    static TestNode node;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(TestNode.freshDatabaseSettings());
        settings.put("EMIT_MAX_PER_MINUTE", "3");
        // Counts the log's ids exactly: no presence:joined for the stream opened below.
        settings.put("PRESENCE", "false");
        node = TestNode.start(settings);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void emitsBeyondTheLimitAre429AndNotLogged() {
        ApiClient root = node.api().loginAsAdmin();
        ApiClient other = Fixtures.loginAs(root, Fixtures.staff(root, "SUPER_ADMIN"));
        Map<String, Object> body = Map.of("room", "admins", "event", "test:flood", "data", Map.of());
        long first = Long.parseLong(root.post("/api/realtime/emit", body).json().get("id").asText());
        assertEquals(201, root.post("/api/realtime/emit", body).status());
        assertEquals(201, root.post("/api/realtime/emit", body).status());
        ApiResponse refused = root.post("/api/realtime/emit", body);
        assertEquals(429, refused.status(), refused.toString());
        assertEquals("rate_limited", refused.errorCode());
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
        assertEquals(404, root.get("/api/realtime/events/" + (first + 3)).status(), "the refused emit left no event");
        assertTrue(Integer.parseInt(refused.header("Retry-After")) <= 60, "within the minute: " + refused);

        // The limit is per user: another SUPER_ADMIN still emits, and its event takes the next id, so the refused
        // one used none up; no stream saw the refused one.
        try (SseClient watch = other.stream()) {
            watch.await("ready", RealtimeFixtures.WAIT);
            assertEquals(429, root.post("/api/realtime/emit", body).status(), "still refused for the flooder");
            ApiResponse allowed = other.post("/api/realtime/emit", Map.of("room", "admins", "event", "test:other",
                    "data", Map.of()));
            assertEquals(201, allowed.status(), allowed.toString());
            long next = Long.parseLong(allowed.json().get("id").asText());
            watch.await(e -> RealtimeFixtures.hasId(e, next), RealtimeFixtures.WAIT, "the other admin's emit");
            assertEquals(List.of(), watch.named("test:flood"), "a refused emit reached a stream");
            assertEquals(first + 3, next, "the next logged event takes the id after the last allowed emit");
        }
    }
}

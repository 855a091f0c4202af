package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.TestNode;
import java.util.HashMap;
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
        node = TestNode.start(settings);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void emitsBeyondTheLimitAre429AndNotLogged() {
        ApiClient root = node.api().loginAsAdmin();
        Map<String, Object> body = Map.of("room", "admins", "event", "test:flood", "data", Map.of());
        long first = Long.parseLong(root.post("/api/realtime/emit", body).json().get("id").asText());
        assertEquals(201, root.post("/api/realtime/emit", body).status());
        assertEquals(201, root.post("/api/realtime/emit", body).status());
        ApiResponse refused = root.post("/api/realtime/emit", body);
        assertEquals(429, refused.status(), refused.toString());
        assertEquals("rate_limited", refused.errorCode());
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
        assertEquals(404, root.get("/api/realtime/events/" + (first + 3)).status(), "the refused emit left no event");
    }
}

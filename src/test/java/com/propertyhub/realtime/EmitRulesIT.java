package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.Markers;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.SseClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a SUPER_ADMIN may emit: never a name the server or the dashboards act on (so an emit cannot end
 * streams, open links or pass for the server's own events), and never more than 64 KiB of data.
 */
class EmitRulesIT extends NodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"account:deleted", "user:deleted", "user:updated", "user:sessions-ended",
            "customer:created", "property:updated", "payment:received", "maintenance:updated", "notification:read",
            "presence:joined", "auth:expired", "stream:close", "User:deleted", "ACCOUNT:deleted", "message", "error",
            "open", "ready", "resync", "unavailable", "notification", "connect"})
    void reservedNamesAre422OnEventAndEmitNothing(String name) {
        long before = newestEventId();
        ApiResponse r = admin.post("/api/realtime/emit", Map.of("room", "*", "event", name, "data", Map.of()));
        assertEquals(422, r.status(), r::toString);
        assertEquals("event", r.json().get("error").get("details").get(0).get("field").asText());
        assertEquals(before, newestEventId(), "nothing was emitted");
    }

    @Test
    void aForgedDeletionCannotEndAnotherUsersStream() {
        JsonNode tenant = Fixtures.customerUser(admin, Fixtures.customer(admin, "Forged " + System.nanoTime())
                .get("id").asText(), "TENANT");
        ApiClient client = Fixtures.loginAs(admin, tenant);
        try (SseClient stream = Markers.openReady(client)) {
            for (String name : List.of("user:deleted", "account:deleted")) {
                admin.post("/api/realtime/emit", Map.of("room", "*", "event", name,
                        "data", Map.of("userId", tenant.get("id").asText(),
                                "customerId", tenant.get("customerId").asText())));
            }
            Markers.marker(admin, List.of(stream));
            assertEquals(List.of(), stream.named("auth:expired"));
            assertEquals(false, stream.ended());
            assertEquals(200, client.get("/api/account").status());
        }
    }

    @Test
    void namesInANamespaceOfTheirOwnAreEmitted() {
        for (String name : List.of("ops:notice", "test:user:deleted", "accounting:closed", "users:x")) {
            Fixtures.expect(admin.post("/api/realtime/emit", Map.of("room", "admins", "event", name,
                    "data", Map.of())), 201);
        }
    }

    @Test
    void dataOver64KiBIs422OnDataAndEmitsNothing() {
        long before = newestEventId();
        ApiResponse r = admin.post("/api/realtime/emit", Map.of("room", "admins", "event", "ops:big",
                "data", Map.of("text", "x".repeat(64 * 1024))));
        assertEquals(422, r.status(), r::toString);
        assertEquals("data", r.json().get("error").get("details").get(0).get("field").asText());
        assertEquals(before, newestEventId(), "nothing was emitted");
        // Multi-byte text counts in bytes: 30,000 characters of 3 bytes each are over the limit too.
        assertEquals(422, admin.post("/api/realtime/emit", Map.of("room", "admins", "event", "ops:big",
                "data", Map.of("text", "鍵".repeat(30_000)))).status());
        Fixtures.expect(admin.post("/api/realtime/emit", Map.of("room", "admins", "event", "ops:big",
                "data", Map.of("text", "x".repeat(60 * 1024)))), 201);
    }

    /** The newest event the super admin may see (their rooms include every room emitted to here). */
    private static long newestEventId() {
        JsonNode items = Fixtures.expect(admin.get("/api/activity?limit=1"), 200).json().get("items");
        return items.isEmpty() ? 0 : Long.parseLong(items.get(0).get("id").asText());
    }
}

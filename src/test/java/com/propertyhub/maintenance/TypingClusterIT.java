package com.propertyhub.maintenance;

import static com.propertyhub.maintenance.MaintenanceTeam.WAIT;
import static com.propertyhub.maintenance.MaintenanceTeam.id;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.RedisServer;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes over one Redis: typing signals cross nodes on their own channel; maintenance events as usual. */
class TypingClusterIT {
    static TestNode a;
    static TestNode b;

    @BeforeAll
    static void startCluster() {
        RedisServer redis = RedisServer.shared();
        if (!redis.isRunning()) {
            redis.start();
        }
        Map<String, String> settings = new HashMap<>(TestNode.freshDatabaseSettings());
        settings.put("REDIS_URL", redis.url());
        settings.put("LOGIN_MAX_FAILURES", "1000");
        a = node(settings, "node-a");
        b = node(settings, "node-b");
    }

    private static TestNode node(Map<String, String> base, String id) {
        Map<String, String> settings = new HashMap<>(base);
        settings.put("NODE_ID", id);
        TestNode node = TestNode.start(settings);
        Await.until(WAIT, () -> node.api().get("/health").json().path("redis").asText().equals("up"),
                id + " subscribed to Redis");
        return node;
    }

    @AfterAll
    static void stopCluster() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void typingOnOneNodeReachesAStreamOnAnotherWithoutAnId() {
        ApiClient admin = a.api().loginAsAdmin();
        MaintenanceTeam team = MaintenanceTeam.create(admin);
        SseClient managerOnB = SseClient.open(b.baseUrl() + "/api/events", team.manager.token(), null);
        try {
            assertEquals(200, managerOnB.status());
            managerOnB.await("ready", WAIT);
            JsonNode r = team.openRequest("Gate will not close");
            managerOnB.await("maintenance:created", WAIT);
            managerOnB.await("notification", WAIT);
            String before = managerOnB.lastEventId();
            expect(team.tenant.post("/api/maintenance/" + id(r) + "/typing", Map.of()), 204);
            SseEvent typing = managerOnB.await("maintenance:typing", WAIT);
            assertNull(typing.id());
            assertEquals(id(r), typing.json().get("requestId").asText());
            assertEquals(before, managerOnB.lastEventId(), "the signal moved no position");
            assertTrue(managerOnB.named("maintenance:typing").size() == 1, "delivered once");
        } finally {
            managerOnB.close();
        }
    }
}

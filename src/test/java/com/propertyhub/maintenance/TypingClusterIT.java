package com.propertyhub.maintenance;

import static com.propertyhub.maintenance.MaintenanceTeam.WAIT;
import static com.propertyhub.maintenance.MaintenanceTeam.id;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestCluster;
import com.propertyhub.testsupport.TestNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes over one Redis: typing signals cross nodes on their own channel; maintenance events as usual. */
class TypingClusterIT {
    static TestCluster cluster;
    static TestNode a;
    static TestNode b;

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster(Map.of("LOGIN_MAX_FAILURES", "1000"));
        a = cluster.start("node-a");
        b = cluster.start("node-b");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
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

package com.propertyhub.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeProcess;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestCluster;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes on one PostgreSQL and one Redis: a user is online while they have a stream on either node. */
class ClusterPresenceIT {
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestCluster cluster;
    private TestNode a;
    private TestNode b;

    @BeforeEach
    void startCluster() {
        cluster = new TestCluster(Map.of("PRESENCE_GRACE", GRACE.toMillis() + "ms", "SSE_HEARTBEAT", "300ms"));
        a = cluster.start("node-a");
        b = cluster.start("node-b");
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private SseClient open(TestNode node, String token) {
        return cluster.open(node, token);
    }

    @Test
    void aUserWithStreamsOnBothNodesIsOnlineUntilBothCloseWithExactlyOneJoinedAndOneLeft() {
        ApiClient admin = a.api().loginAsAdmin();
        String customer = Fixtures.customer(admin, "Cluster Lets").get("id").asText();
        JsonNode ownerUser = Fixtures.customerUser(admin, customer, "OWNER");
        String ownerId = ownerUser.get("id").asText();
        ApiClient owner = Fixtures.loginAs(admin, ownerUser);
        SseClient watchOnA = open(a, admin.token());
        SseClient watchOnB = open(b, admin.token());

        SseClient onA = open(a, owner.token());
        SseClient onB = open(b, owner.token());
        watchOnA.await(e -> PresenceIT.is(e, "presence:joined", ownerId), WAIT, "joined");
        watchOnB.await(e -> PresenceIT.is(e, "presence:joined", ownerId), WAIT, "joined, seen on the other node");
        ApiClient adminOnB = b.api().as(admin.token());
        assertTrue(PresenceIT.present(adminOnB, ownerId), "both nodes list the owner");

        onA.close();
        PresenceIT.settle(a, admin, watchOnA);
        assertEquals(List.of(), PresenceIT.presenceOf(watchOnA, "presence:left", ownerId), "still online on node b");
        assertTrue(PresenceIT.present(admin, ownerId));

        onB.close();
        watchOnA.await(e -> PresenceIT.is(e, "presence:left", ownerId), WAIT, "left once both streams closed");
        PresenceIT.settle(a, admin, watchOnA);
        PresenceIT.settle(b, admin, watchOnB);

        // The log is the record of what every node emitted.
        int joined = 0;
        int left = 0;
        for (JsonNode item : Fixtures.expect(admin.get("/api/activity?limit=200"), 200).json().get("items")) {
            if (item.path("data").path("user").path("id").asText().equals(ownerId)) {
                joined += item.get("event").asText().equals("presence:joined") ? 1 : 0;
                left += item.get("event").asText().equals("presence:left") ? 1 : 0;
            }
        }
        assertEquals(1, joined, "exactly one node announced the owner");
        assertEquals(1, left, "exactly one node announced the owner gone");
        assertEquals(1, PresenceIT.presenceOf(watchOnB, "presence:left", ownerId).size());
        assertTrue(!PresenceIT.present(adminOnB, ownerId) && !PresenceIT.present(admin, ownerId));
    }

    /** The node dies for real (SIGKILL, in a JVM of its own): it announces nothing, the survivors must. */
    @Test
    void theUsersOfANodeThatDiesAreAnnouncedGoneByTheOthers() {
        NodeProcess victim = cluster.startProcess("node-c");
        ApiClient admin = a.api().loginAsAdmin();
        String customer = Fixtures.customer(admin, "Dying Node Lets").get("id").asText();
        JsonNode tenantUser = Fixtures.customerUser(admin, customer, "TENANT");
        String tenantId = tenantUser.get("id").asText();
        SseClient watchOnA = open(a, admin.token());
        cluster.open(victim, Fixtures.loginAs(admin, tenantUser).token());
        watchOnA.await(e -> PresenceIT.is(e, "presence:joined", tenantId), WAIT, "joined");

        victim.kill();

        watchOnA.await(e -> PresenceIT.is(e, "presence:left", tenantId), WAIT, "left, announced by the surviving node");
        assertEquals(1, PresenceIT.presenceOf(watchOnA, "presence:left", tenantId).size());
        assertTrue(!PresenceIT.present(admin, tenantId));
    }
}

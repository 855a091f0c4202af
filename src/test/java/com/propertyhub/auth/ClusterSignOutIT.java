package com.propertyhub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestCluster;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signing out on one node of a PostgreSQL + Redis cluster ends the user's sessions on the others too. */
class ClusterSignOutIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    static TestCluster cluster;
    static TestNode a;
    static TestNode b;

    @BeforeAll
    static void start() {
        cluster = new TestCluster(Map.of());
        a = cluster.start("node-a");
        b = cluster.start("node-b");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void logoutOnOneNodeEndsStreamsTokensAndTicketsOnAnother() {
        ApiClient admin = a.api().loginAsAdmin();
        JsonNode customer = Fixtures.customer(admin, "Cluster Lets " + System.nanoTime());
        JsonNode tenant = Fixtures.customerUser(admin, customer.get("id").asText(), "TENANT");
        ApiClient onA = Fixtures.loginAs(admin, tenant);
        ApiClient onB = b.api().as(onA.token());
        SseClient streamOnB = cluster.open(b, onA.token());
        String ticket = Fixtures.expect(onB.post("/api/auth/stream-ticket", Map.of()), 200).json().get("ticket")
                .asText();
        assertEquals(200, onB.get("/api/account").status(), "node b knows the session");

        assertEquals(204, onA.post("/api/auth/logout", Map.of()).status());

        streamOnB.await("auth:expired", WAIT);
        streamOnB.awaitEnded(WAIT);
        Await.until(WAIT, () -> "token_revoked".equals(onB.get("/api/account").errorCode()),
                "node b refuses the token");
        try (SseClient s = SseClient.open(b.baseUrl() + "/api/events?ticket=" + ticket, null, null)) {
            assertEquals(401, s.status(), "the ticket issued before opens nothing on node b");
        }
        ApiClient renewed = b.api().login(tenant.get("email").asText(), Fixtures.PASSWORD);
        assertEquals(200, a.api().as(renewed.token()).get("/api/account").status(), "a new login works everywhere");
    }
}

package com.propertyhub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.PostgresServer;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PostgreSQL stops under a running node: writes answer 503, streams stay open, and it recovers by itself. */
class DatabaseOutageIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        PostgresServer pg = PostgresServer.shared();
        if (!pg.isServerRunning()) {
            pg.startServer();
        }
        node.close();
    }

    @Test
    void databaseOutageAnswers503KeepsStreamsAndRecoversWithoutRestart() {
        ApiClient admin = node.api().loginAsAdmin();
        SseClient stream = admin.stream();
        stream.await("ready", WAIT);
        // Logged in, but not yet looked up by a stream open: its first open needs the database.
        ApiClient newcomer = Fixtures.loginAs(admin, Fixtures.staff(admin, "SUPPORT"));

        PostgresServer.shared().stopServer();
        try {
            ApiResponse write = admin.post("/api/customers", Fixtures.customerBody("During DB outage"));
            assertEquals(503, write.status(), write.toString());
            assertEquals("database_unavailable", write.errorCode());
            assertFalse(write.body().contains("Exception"), "no stack trace in the answer");
            ApiResponse read = admin.get("/api/customers");
            assertEquals(503, read.status(), read.toString());
            ApiResponse health = node.api().get("/health");
            assertEquals(503, health.status());
            assertEquals("down", health.json().path("database").asText());
            assertFalse(stream.ended(), "open streams stay open while the database is away");
            // A refusal that passes: a stream that says so and ends, so that standard clients retry by themselves.
            try (SseClient refused = newcomer.stream()) {
                refused.awaitTemporaryRefusal("database_unavailable", WAIT);
            }
        } finally {
            PostgresServer.shared().startServer();
        }

        Await.until(WAIT, () -> admin.get("/api/customers").status() == 200, "the API recovers on its own");
        Fixtures.customer(admin, "After DB outage");
        stream.await(e -> e.event().equals("customer:created")
                && e.json().path("customer").path("company").asText().equals("After DB outage"), WAIT,
                "the open stream receives changes made after recovery");
        assertEquals("up", node.api().get("/health").json().path("status").asText());
        stream.close();
    }
}

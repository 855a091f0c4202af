package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamSmokeIT {
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void customerCreatedReachesAdminStreamWithTheRestJson() {
        ApiClient admin = node.api().loginAsAdmin();
        try (SseClient stream = admin.stream()) {
            assertEquals(200, stream.status());
            stream.await("ready", Duration.ofSeconds(5));
            JsonNode created = Fixtures.customer(admin, "Smoke Co");
            SseEvent event = stream.await(e -> e.event().equals("customer:created")
                    && e.json().path("customer").path("id").asText().equals(created.get("id").asText()),
                    Duration.ofSeconds(5), "customer:created");
            assertEquals(created, event.json().get("customer"));
        }
    }
}

package com.propertyhub.realtime;

import static com.propertyhub.realtime.RealtimeFixtures.openReady;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stopping a node ends its open streams at once (browsers reconnect), instead of waiting them out. */
class ShutdownIT {
    private TestNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void stoppingTheNodeEndsOpenStreamsQuickly() throws Exception {
        node = TestNode.start();
        ApiClient root = node.api().loginAsAdmin();
        JsonNode customer = Fixtures.customer(root, "Shutdown Shops");
        ApiClient tenant = Fixtures.loginAs(root, Fixtures.customerUser(root, customer.get("id").asText(), "TENANT"));
        List<SseClient> streams = List.of(openReady(root), openReady(root), openReady(tenant));
        try {
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(node::stop);
            // Well within the server's 5 s graceful-stop timeout: the streams are ended, not timed out.
            for (SseClient s : streams) {
                s.awaitEnded(Duration.ofSeconds(4));
            }
            stopping.get(30, TimeUnit.SECONDS);
            for (SseClient s : streams) {
                // An event, not a comment, as the last frame: some clients turn a trailing comment into an empty event.
                SseEvent last = s.events().get(s.events().size() - 1);
                assertEquals("unavailable", last.event(), "each stream was told why it ended: " + s.events());
                assertEquals("shutting_down", last.json().path("code").asText(), last::data);
                assertEquals("This node is shutting down; reconnect shortly", last.json().path("message").asText(),
                        last::data);
                assertEquals(3, last.json().path("retryAfter").asInt(), last::data);
                assertEquals("3000", s.retry(), "and when to come back (SSE_RETRY)");
                assertEquals(1, s.named("unavailable").size(), () -> "told once: " + s.events());
            }
        } finally {
            streams.forEach(SseClient::close);
        }
    }
}

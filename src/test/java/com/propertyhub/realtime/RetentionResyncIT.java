package com.propertyhub.realtime;

import static com.propertyhub.realtime.RealtimeFixtures.WAIT;
import static com.propertyhub.realtime.RealtimeFixtures.emit;
import static com.propertyhub.realtime.RealtimeFixtures.hasId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A position the log no longer holds gets {@code resync}, then live events; one it still holds is replayed. */
class RetentionResyncIT {
    private static final int KEEP = 5;

    private static TestNode node;
    private static ApiClient root;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.put("EVENT_RETENTION_COUNT", Integer.toString(KEEP));
        settings.put("EVENT_CLEANUP_INTERVAL", "200ms");
        // This test counts the log's events exactly; presence:joined/left would interleave with them.
        settings.put("PRESENCE", "false");
        node = TestNode.start(settings);
        root = node.api().loginAsAdmin();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void positionOlderThanTheRetainedLogGetsResyncThenLiveEvents() {
        long oldest = emit(root, "*", "test:old", Map.of("n", 0));
        for (int i = 1; i <= 3 * KEEP; i++) {
            emit(root, "*", "test:old", Map.of("n", i));
        }
        // Resuming from N needs N + 1 onwards: only once that is gone is N "older than the retained log".
        Await.until(WAIT, () -> root.get("/api/realtime/events/" + (oldest + 1)).status() == 404,
                "retention to remove " + (oldest + 1));

        for (long position : List.of(oldest, 0L)) {
            try (SseClient s = SseClient.open(node.baseUrl() + "/api/events", root.token(), Long.toString(position))) {
                assertEquals(200, s.status(), () -> "stream refused: " + s.error());
                s.await("ready", WAIT);
                Await.until(WAIT, () -> s.events().size() >= 2, "an event after ready");
                assertEquals("resync", s.events().get(1).event(), () -> "from position " + position + ": "
                        + s.events());
                SseEvent resync = s.events().get(1);
                assertFalse(resync.json().path("reason").asText().isBlank(), "resync says why");
                long live = emit(root, "admins", "test:live", Map.of("position", position));
                s.await(e -> hasId(e, live), WAIT, "a live event after resync");
                assertEquals(List.of("ready", "resync", "test:live"), s.events().stream().map(SseEvent::event).toList(),
                        "no partial replay from position " + position);
            }
        }
    }

    @Test
    void theRetainedLogIsReplayedUpToItsEdgeAndOneBeyondGetsResync() {
        long last = 0;
        for (int i = 0; i < 2 * KEEP; i++) {
            last = emit(root, i % 2 == 0 ? "*" : "admins", "test:kept", Map.of("n", i));
        }
        long edge = last - KEEP;
        Await.until(WAIT, () -> root.get("/api/realtime/events/" + edge).status() == 404,
                "retention to keep only the newest " + KEEP);
        assertEquals(200, root.get("/api/realtime/events/" + (edge + 1)).status());

        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events", root.token(), Long.toString(edge))) {
            long newest = last;
            s.await(e -> hasId(e, newest), WAIT, "the replay up to " + newest);
            assertEquals(List.of(edge + 1, edge + 2, edge + 3, edge + 4, edge + 5),
                    s.dataEvents().stream().map(SseEvent::idAsLong).toList());
            assertTrue(s.named("resync").isEmpty(), "resync although the log still holds everything after " + edge);
        }
        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events", root.token(), Long.toString(edge - 1))) {
            s.await("resync", WAIT);
            assertTrue(s.dataEvents().isEmpty(), "a partial replay: " + s.dataEvents());
        }
    }
}

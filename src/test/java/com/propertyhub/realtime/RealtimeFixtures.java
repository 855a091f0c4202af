package com.propertyhub.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.Markers;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * What the realtime integration tests share. The marker technique and the stream helpers live in
 * {@link Markers} (shared with the property, payment and maintenance tests); these names keep the realtime tests
 * short.
 */
final class RealtimeFixtures {
    static final Duration WAIT = Markers.WAIT;
    static final String MARKER = Markers.MARKER;

    private RealtimeFixtures() {
    }

    static long emit(ApiClient superAdmin, String room, String event, Object data) {
        return Markers.emit(superAdmin, room, event, data);
    }

    static long marker(ApiClient superAdmin, Collection<SseClient> streams) {
        return Markers.marker(superAdmin, streams);
    }

    static long marker(ApiClient superAdmin, Collection<SseClient> streams, String name) {
        return Markers.marker(superAdmin, streams, name);
    }

    static boolean hasId(SseEvent e, long id) {
        return Markers.hasId(e, id);
    }

    static List<SseEvent> between(SseClient stream, long after, long before) {
        return Markers.between(stream, after, before);
    }

    static SseClient openReady(ApiClient user, String query) {
        return Markers.openReady(user, query);
    }

    static SseClient openReady(ApiClient user) {
        return Markers.openReady(user);
    }

    static JsonNode stats(ApiClient admin) {
        return Fixtures.expect(admin.get("/api/realtime/stats"), 200).json();
    }

    /** Waits until the node counts exactly {@code n} open streams (closed ones go at the next heartbeat). */
    static void awaitConnections(ApiClient admin, int n, Duration timeout) {
        Await.until(timeout, () -> stats(admin).get("connections").asInt() == n, n + " open streams in the stats");
    }
}

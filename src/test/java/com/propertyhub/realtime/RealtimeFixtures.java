package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the realtime integration tests share: emitting through the API, and the marker technique for proving
 * that a stream did <em>not</em> receive something. Events reach every stream strictly in id order, so once a
 * stream has a marker emitted to everyone after some change, it has everything of that change it will ever get.
 */
final class RealtimeFixtures {
    /** Generous: the suite shares two cores with other builds. */
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String MARKER = "test:marker";

    private RealtimeFixtures() {
    }

    /** {@code POST /api/realtime/emit} as a SUPER_ADMIN; the stored event's id. */
    static long emit(ApiClient superAdmin, String room, String event, Object data) {
        JsonNode stored = Fixtures.expect(superAdmin.post("/api/realtime/emit",
                Map.of("room", room, "event", event, "data", data)), 201).json();
        return Long.parseLong(stored.get("id").asText());
    }

    /** Emits a marker to everyone and waits until every one of {@code streams} has it; its id. */
    static long marker(ApiClient superAdmin, Collection<SseClient> streams) {
        return marker(superAdmin, streams, MARKER);
    }

    /** A marker with a chosen event name (a filtered stream only sees names it asked for). */
    static long marker(ApiClient superAdmin, Collection<SseClient> streams, String name) {
        long id = emit(superAdmin, Rooms.EVERYONE, name, Map.of("marker", UUID.randomUUID().toString()));
        for (SseClient s : streams) {
            s.await(e -> hasId(e, id), WAIT, "marker " + id);
        }
        return id;
    }

    static boolean hasId(SseEvent e, long id) {
        return e.id() != null && e.idAsLong() == id;
    }

    /** The data events of {@code stream} with {@code after < id < before}. */
    static List<SseEvent> between(SseClient stream, long after, long before) {
        return stream.dataEvents().stream().filter(e -> e.idAsLong() > after && e.idAsLong() < before).toList();
    }

    /** Opens a stream with the client's token and waits for its {@code ready}. */
    static SseClient openReady(ApiClient user, String query) {
        SseClient s = user.stream(query);
        assertEquals(200, s.status(), () -> "stream refused: " + s.error());
        s.await("ready", WAIT);
        return s;
    }

    static SseClient openReady(ApiClient user) {
        return openReady(user, null);
    }

    static JsonNode stats(ApiClient admin) {
        return Fixtures.expect(admin.get("/api/realtime/stats"), 200).json();
    }

    /** Waits until the node counts exactly {@code n} open streams (closed ones go at the next heartbeat). */
    static void awaitConnections(ApiClient admin, int n, Duration timeout) {
        Await.until(timeout, () -> stats(admin).get("connections").asInt() == n, n + " open streams in the stats");
    }
}

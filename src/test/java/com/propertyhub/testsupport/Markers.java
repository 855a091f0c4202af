package com.propertyhub.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The marker technique for proving that a stream did <em>not</em> receive something: events reach every stream
 * strictly in id order, so once a stream has a marker emitted to everyone after some change, it has everything of
 * that change it will ever get. Also emitting through the API and opening a stream up to its {@code ready}.
 */
public final class Markers {
    /** Generous: the suite shares two cores with other builds. */
    public static final Duration WAIT = Duration.ofSeconds(20);
    public static final String MARKER = "test:marker";
    /** The room every stream is in ({@code Rooms.EVERYONE}). */
    public static final String EVERYONE = "*";

    private Markers() {
    }

    /** {@code POST /api/realtime/emit} as a SUPER_ADMIN; the stored event's id. */
    public static long emit(ApiClient superAdmin, String room, String event, Object data) {
        JsonNode stored = Fixtures.expect(superAdmin.post("/api/realtime/emit",
                Map.of("room", room, "event", event, "data", data)), 201).json();
        return Long.parseLong(stored.get("id").asText());
    }

    /** Emits a marker to everyone and waits until every one of {@code streams} has it; its id. */
    public static long marker(ApiClient superAdmin, Collection<SseClient> streams) {
        return marker(superAdmin, streams, MARKER);
    }

    /** A marker with a chosen event name (a filtered stream only sees names it asked for). */
    public static long marker(ApiClient superAdmin, Collection<SseClient> streams, String name) {
        long id = emit(superAdmin, EVERYONE, name, Map.of("marker", UUID.randomUUID().toString()));
        for (SseClient s : streams) {
            s.await(e -> hasId(e, id), WAIT, "marker " + id);
        }
        return id;
    }

    public static boolean hasId(SseEvent e, long id) {
        return e.id() != null && e.idAsLong() == id;
    }

    /** The data events of {@code stream} with {@code after < id < before}. */
    public static List<SseEvent> between(SseClient stream, long after, long before) {
        return stream.dataEvents().stream().filter(e -> e.idAsLong() > after && e.idAsLong() < before).toList();
    }

    /** Opens a stream with the client's token and {@code query} (may be null), and waits for its {@code ready}. */
    public static SseClient openReady(ApiClient user, String query) {
        SseClient s = user.stream(query);
        if (s.status() != 200) {
            throw new AssertionError("stream refused: " + s.status() + " " + s.error());
        }
        s.await("ready", WAIT);
        return s;
    }

    public static SseClient openReady(ApiClient user) {
        return openReady(user, null);
    }
}

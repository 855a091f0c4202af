package com.propertyhub.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the property and payment tests share: creating properties and tenancies through the API, and the marker
 * technique for "this stream did not receive it" (events reach a stream in id order, so once it has a marker
 * emitted to everyone after a change, it has everything of that change it will ever get).
 */
public final class PropertyFixtures {
    /** Generous: the suite shares two cores with other builds. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    private PropertyFixtures() {
    }

    /** Creates a property as an OWNER or MANAGER client. */
    public static JsonNode property(ApiClient ownerOrManager, String name) {
        return Fixtures.expect(ownerOrManager.post("/api/properties",
                Map.of("name", name, "address", "1 " + name + " Street", "units", 8)), 201).json();
    }

    /** Makes {@code tenant} rent {@code property}, as an OWNER or MANAGER client. */
    public static JsonNode rent(ApiClient ownerOrManager, JsonNode property, JsonNode tenant) {
        return Fixtures.expect(ownerOrManager.put("/api/properties/" + id(property) + "/tenants/" + id(tenant), Map.of()),
                200).json();
    }

    public static String id(JsonNode entity) {
        return entity.get("id").asText();
    }

    /** Opens a stream with the client's token and waits for its {@code ready}. */
    public static SseClient openReady(ApiClient user) {
        SseClient s = user.stream();
        assertEquals(200, s.status(), () -> "stream refused: " + s.error());
        s.await("ready", WAIT);
        return s;
    }

    /** Emits a marker to everyone as a SUPER_ADMIN and waits until every stream has it; its id. */
    public static long marker(ApiClient superAdmin, Collection<SseClient> streams) {
        JsonNode stored = Fixtures.expect(superAdmin.post("/api/realtime/emit", Map.of("room", "*",
                "event", "test:marker", "data", Map.of("marker", UUID.randomUUID().toString()))), 201).json();
        long id = Long.parseLong(stored.get("id").asText());
        for (SseClient s : streams) {
            s.await(e -> e.id() != null && e.idAsLong() == id, WAIT, "marker " + id);
        }
        return id;
    }

    /** The data events of {@code stream} with {@code after < id < before}. */
    public static List<SseEvent> between(SseClient stream, long after, long before) {
        return stream.dataEvents().stream().filter(e -> e.idAsLong() > after && e.idAsLong() < before).toList();
    }
}

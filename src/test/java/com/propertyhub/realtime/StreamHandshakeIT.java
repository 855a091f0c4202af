package com.propertyhub.realtime;

import static com.propertyhub.realtime.RealtimeFixtures.WAIT;
import static com.propertyhub.realtime.RealtimeFixtures.emit;
import static com.propertyhub.realtime.RealtimeFixtures.marker;
import static com.propertyhub.realtime.RealtimeFixtures.openReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Opening a stream: the {@code ready} event, rooms from the token, headers, ids, and the {@code ?events=} filter. */
class StreamHandshakeIT {
    private static TestNode node;
    private static ApiClient root;
    private static JsonNode customer;
    private static JsonNode owner;
    private static ApiClient ownerApi;
    private static JsonNode tenant;
    private static ApiClient tenantApi;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        root = node.api().loginAsAdmin();
        customer = Fixtures.customer(root, "Handshake Homes");
        owner = Fixtures.customerUser(root, customer.get("id").asText(), "OWNER");
        ownerApi = Fixtures.loginAs(root, owner);
        tenant = Fixtures.customerUser(root, customer.get("id").asText(), "TENANT");
        tenantApi = Fixtures.loginAs(root, tenant);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void readyComesFirstWithConnectionIdRoomsFromTheTokenAndTheUser() {
        try (SseClient first = openReady(ownerApi); SseClient second = openReady(ownerApi);
             SseClient admin = openReady(root)) {
            SseEvent ready = first.events().get(0);
            assertEquals("ready", ready.event());
            assertEquals(null, ready.id(), "ready is not part of the event log");
            assertFalse(ready.json().path("connectionId").asText().isBlank());
            assertNotEquals(ready.json().get("connectionId"), second.events().get(0).json().get("connectionId"));
            assertEquals(List.of("user:" + owner.get("id").asText(), "customer:" + customer.get("id").asText(),
                    "owners"),
                    texts(ready.json().get("rooms")));
            assertEquals(ownerApi.get("/api/auth/me").json(), ready.json().get("user"));

            JsonNode adminReady = admin.events().get(0).json();
            JsonNode me = root.get("/api/auth/me").json();
            assertEquals(List.of("user:" + me.get("id").asText(), "admins"), texts(adminReady.get("rooms")));
            assertEquals(me, adminReady.get("user"));
        }
    }

    @Test
    void clientsCannotChooseRoomsTheirTokenDoesNotGrant() {
        String query = "?rooms=admins&room=admins&customerId=" + customer.get("id").asText() + "&role=SUPER_ADMIN";
        try (SseClient sneaky = openReady(tenantApi, query)) {
            assertEquals(List.of("user:" + tenant.get("id").asText(), "customer:" + customer.get("id").asText(),
                    "tenants"), texts(sneaky.events().get(0).json().get("rooms")));
            emit(root, "admins", "test:secret", Map.of("secret", true));
            emit(root, "owners", "test:secret", Map.of("secret", true));
            emit(root, "user:" + owner.get("id").asText(), "test:secret", Map.of("secret", true));
            marker(root, List.of(sneaky));
            assertTrue(sneaky.named("test:secret").isEmpty(), "a tenant received " + sneaky.named("test:secret"));
        }
    }

    @Test
    void streamAnswersWithEventStreamHeadersAndARetryHint() {
        try (SseClient s = openReady(tenantApi)) {
            assertTrue(s.header("Content-Type").startsWith("text/event-stream"), s.header("Content-Type"));
            assertEquals("no-store", s.header("Cache-Control"));
            assertEquals("no", s.header("X-Accel-Buffering"));
            assertEquals("3000", s.retry(), "the SSE_RETRY default, in milliseconds");
        }
    }

    @Test
    void eventIdsIncreaseAndMatchTheLog() {
        try (SseClient s = openReady(ownerApi)) {
            List<Long> emitted = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                emitted.add(emit(root, i % 2 == 0 ? "owners" : "*", "test:count", Map.of("i", i)));
            }
            Fixtures.expect(ownerApi.put("/api/account", Map.of("company", "Handshake Homes Ltd",
                    "owner", "O. Wner", "email", "handshake-owner@example.com")), 200);
            emitted.add(emit(root, "customer:" + customer.get("id").asText(), "test:count", Map.of("i", 5)));
            s.await(e -> RealtimeFixtures.hasId(e, emitted.get(5)), WAIT, "the last emit");

            List<Long> ids = s.dataEvents().stream().map(SseEvent::idAsLong).toList();
            for (int i = 1; i < ids.size(); i++) {
                assertTrue(ids.get(i) > ids.get(i - 1), "ids increase: " + ids);
            }
            List<Long> counted = s.named("test:count").stream().map(SseEvent::idAsLong).toList();
            assertEquals(emitted, counted);
            SseEvent account = s.await("account:updated", WAIT);
            assertTrue(account.idAsLong() > emitted.get(4) && account.idAsLong() < emitted.get(5), ids.toString());
        }
    }

    @Test
    void eventsFilterLetsOnlyMatchingEventsAndControlEventsThrough() {
        String filter = "?events=" + encode("customer:*,account:updated," + RealtimeFixtures.MARKER);
        try (SseClient all = openReady(root); SseClient admin = openReady(root, filter);
             SseClient ownerFiltered = openReady(ownerApi, filter)) {
            long start = marker(root, List.of(all, admin, ownerFiltered));
            JsonNode created = Fixtures.customer(root, "Filtered Flats");
            Fixtures.expect(root.patch("/api/customers/" + customer.get("id").asText(),
                    Map.of("phone", "+1 555 0123")), 200);
            Fixtures.staff(root, "SUPPORT");
            emit(root, "*", "test:note", Map.of());
            emit(root, "owners", RealtimeFixtures.MARKER + "ish", Map.of());
            long end = marker(root, List.of(all, admin, ownerFiltered));

            assertEquals(List.of("customer:created", "customer:updated", "user:created", "test:note", "test:marker"),
                    names(RealtimeFixtures.between(all, start, end + 1)), "the unfiltered admin stream");
            assertEquals(List.of("customer:created", "customer:updated", "test:marker"),
                    names(RealtimeFixtures.between(admin, start, end + 1)));
            assertEquals(List.of("account:updated", "test:marker"),
                    names(RealtimeFixtures.between(ownerFiltered, start, end + 1)));
            assertEquals(created.get("id"), admin.named("customer:created").get(0).json().get("customer").get("id"));

            // Replay obeys the filter too; and control events pass it (resync for an unknown position).
            try (SseClient replayed = SseClient.open(node.baseUrl() + "/api/events?events=user:*,test:replayed",
                    root.token(),
                    Long.toString(start))) {
                replayed.await("user:created", WAIT);
                emit(root, "admins", "test:replayed", Map.of());
                replayed.await("test:replayed", WAIT);
                assertEquals(List.of("ready", "user:created", "test:replayed"), names(replayed.events()));
            }
            try (SseClient resynced = SseClient.open(node.baseUrl() + "/api/events" + filter, root.token(),
                    Long.toString(end + 1_000_000))) {
                resynced.await("resync", WAIT);
                assertEquals(List.of("ready", "resync"), names(resynced.events()));
            }
        }
    }

    /**
     * The filter is matched on the node's delivery thread: a backtracking matcher turned fifty "*…*Z" items into
     * seconds per event for every stream on the node. Now they cost what "*Z" costs, and more than the allowed
     * stars in one item is refused.
     */
    @Test
    void aFilterOfManyStarsDelaysNoOtherStream() {
        String stars = String.join(",", java.util.Collections.nCopies(50, "*".repeat(99) + "Z"));
        try (SseClient attacker = openReady(tenantApi, "?events=" + encode(stars)); SseClient other =
                openReady(ownerApi)) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(emit(root, "*", i % 2 == 0 ? "test:plain" : "test:endsZ", Map.of("i", i)));
            }
            long last = ids.get(ids.size() - 1);
            other.await(e -> RealtimeFixtures.hasId(e, last), WAIT, "every event on the unfiltered stream");
            assertEquals(5, other.events().stream().filter(e -> e.event().startsWith("test:")).count());
            attacker.await(e -> RealtimeFixtures.hasId(e, ids.get(3)), WAIT, "the matching events");
            assertEquals(List.of("ready", "test:endsZ", "test:endsZ"), names(attacker.events()));
        }
        try (SseClient s = root.stream("?events=" + encode("customer:*,a*b*c*d*e*f"))) {
            assertEquals(400, s.status());
            assertEquals("invalid_parameter", s.error().path("error").path("code").asText());
        }
    }

    @Test
    void payloadsArriveIntactWhenNonAsciiOrLargerThanOneWrite() {
        try (SseClient s = openReady(tenantApi)) {
            String text = "Zürich — Ünïcode 🏠 ключ 鍵";
            // Larger than any write buffer on the way, within the 64 KiB an event's data may have.
            String large = "0123456789abcdef".repeat(3 * 1024);
            long small = emit(root, "tenants", "test:text", Map.of("text", text));
            long big = emit(root, "tenants", "test:text", Map.of("text", large + text));
            s.await(e -> RealtimeFixtures.hasId(e, big), WAIT, "the large event");
            assertEquals(text, s.named("test:text").get(0).json().get("text").asText());
            assertEquals(small, s.named("test:text").get(0).idAsLong());
            assertEquals(large + text, s.named("test:text").get(1).json().get("text").asText());

            JsonNode renamed = Fixtures.expect(root.patch("/api/customers/" + customer.get("id").asText(),
                    Map.of("company", "Crème Brûlée Immobilien ✓")), 200).json();
            SseEvent account = s.await(e -> e.event().equals("account:updated")
                    && e.json().path("customer").path("company").asText().startsWith("Crème"), WAIT, "account:updated");
            assertEquals(renamed, account.json().get("customer"));
        }
    }

    @Test
    void malformedEventsFilterIsRefusedWith400() {
        for (String bad : List.of("customer:<script>", "a b", ",", "customer:*,", "customer:*,,user:*",
                "x".repeat(101), "customer:updated\nevent: x")) {
            try (SseClient s = root.stream("?events=" + encode(bad))) {
                assertEquals(400, s.status(), bad);
                assertEquals("invalid_parameter", s.error().path("error").path("code").asText(), bad);
                assertTrue(s.header("Content-Type").startsWith("application/json"), bad);
            }
        }
    }

    private static List<String> names(List<SseEvent> events) {
        return events.stream().map(SseEvent::event).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

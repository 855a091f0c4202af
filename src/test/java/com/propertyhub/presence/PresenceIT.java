package com.propertyhub.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Presence on one node: joined on the first stream, nothing for a reload, left after the grace, scoped by customer. */
public class PresenceIT {
    static final Duration GRACE = Duration.ofSeconds(2);
    static final Duration WAIT = Duration.ofSeconds(15);
    static TestNode node;
    static ApiClient admin;

    private final List<SseClient> streams = new ArrayList<>();

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(TestNode.freshDatabaseSettings());
        settings.put("PRESENCE_GRACE", GRACE.toMillis() + "ms");
        // A closed client is noticed when a write to it fails: ping often so that happens quickly.
        settings.put("SSE_HEARTBEAT", "300ms");
        node = TestNode.start(settings);
        admin = node.api().loginAsAdmin();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @AfterEach
    void closeStreams() {
        streams.forEach(SseClient::close);
    }

    private SseClient open(ApiClient client) {
        SseClient s = client.stream();
        assertEquals(200, s.status());
        s.await("ready", WAIT);
        streams.add(s);
        return s;
    }

    public static boolean is(SseEvent e, String event, String userId) {
        return e.event().equals(event) && e.json().path("user").path("id").asText().equals(userId);
    }

    public static List<SseEvent> presenceOf(SseClient s, String event, String userId) {
        return s.named(event).stream().filter(e -> e.json().path("user").path("id").asText().equals(userId)).toList();
    }

    private ApiClient customerUser(String customerId, String role) {
        return Fixtures.loginAs(admin, Fixtures.customerUser(admin, customerId, role));
    }

    private static String idOf(ApiClient client) {
        return client.get("/api/auth/me").json().get("id").asText();
    }

    @Test
    void firstStreamAnnouncesTheUserToAdminsAndTheirCustomer() {
        String customer = Fixtures.customer(admin, "Joined Lets " + UUID.randomUUID()).get("id").asText();
        SseClient adminWatch = open(admin);
        SseClient managerWatch = open(customerUser(customer, "MANAGER"));
        ApiClient owner = customerUser(customer, "OWNER");
        String ownerId = idOf(owner);

        open(owner);

        SseEvent toAdmins = adminWatch.await(e -> is(e, "presence:joined", ownerId), WAIT,
                "the owner's joined to admins");
        assertEquals("OWNER", toAdmins.json().path("user").path("role").asText());
        assertEquals(customer, toAdmins.json().path("user").path("customerId").asText());
        assertEquals("OWNER person", toAdmins.json().path("user").path("name").asText());
        managerWatch.await(e -> is(e, "presence:joined", ownerId), WAIT, "the owner's joined to their customer");
    }

    @Test
    void aQuickReconnectEmitsNothingAndLeavingIsAnnouncedAfterTheGrace() {
        String customer = Fixtures.customer(admin, "Reload Lets " + UUID.randomUUID()).get("id").asText();
        SseClient adminWatch = open(admin);
        ApiClient tenant = customerUser(customer, "TENANT");
        String tenantId = idOf(tenant);

        SseClient first = open(tenant);
        adminWatch.await(e -> is(e, "presence:joined", tenantId), WAIT, "joined");
        // The reload: the stream drops and a new one opens at once.
        first.close();
        SseClient second = open(tenant);
        settle(node, admin, adminWatch);
        assertEquals(List.of(), presenceOf(adminWatch, "presence:left", tenantId), "no left for a reload");
        assertEquals(1, presenceOf(adminWatch, "presence:joined", tenantId).size(), "no second joined for a reload");
        assertTrue(present(admin, tenantId));

        long closedAt = System.nanoTime();
        second.close();
        adminWatch.await(e -> is(e, "presence:left", tenantId), WAIT, "left after the last stream closed");
        assertTrue(Duration.ofNanos(System.nanoTime() - closedAt).compareTo(GRACE) >= 0, "left only after the grace");
        assertFalse(present(admin, tenantId));
        settle(node, admin, adminWatch);
        assertEquals(1, presenceOf(adminWatch, "presence:left", tenantId).size());
        assertEquals(1, presenceOf(adminWatch, "presence:joined", tenantId).size());
    }

    @Test
    void aTenantNeverSeesAnotherCustomersPresence() {
        String customerA = Fixtures.customer(admin, "Alpha Lets " + UUID.randomUUID()).get("id").asText();
        String customerB = Fixtures.customer(admin, "Beta Lets " + UUID.randomUUID()).get("id").asText();
        SseClient adminWatch = open(admin);
        SseClient tenantB = open(customerUser(customerB, "TENANT"));
        ApiClient ownerA = customerUser(customerA, "OWNER");
        String ownerAId = idOf(ownerA);

        SseClient ownerStream = open(ownerA);
        adminWatch.await(e -> is(e, "presence:joined", ownerAId), WAIT, "joined");
        ownerStream.close();
        adminWatch.await(e -> is(e, "presence:left", ownerAId), WAIT, "left");
        // Everything emitted so far has reached tenant B's stream once a later marker has.
        String marker = Fixtures.expect(admin.post("/api/realtime/emit",
                Map.of("room", "*", "event", "test:marker", "data", Map.of())), 201).json().get("id").asText();
        tenantB.await(e -> marker.equals(e.id()), WAIT, "the marker");

        for (SseEvent e : tenantB.events()) {
            if (e.event().startsWith("presence:")) {
                assertEquals(customerB, e.json().path("user").path("customerId").asText(), "tenant B saw " + e);
            }
        }
    }

    @Test
    void thePresenceListIsScopedToWhatTheCallerMaySee() {
        String customerA = Fixtures.customer(admin, "List A " + UUID.randomUUID()).get("id").asText();
        String customerB = Fixtures.customer(admin, "List B " + UUID.randomUUID()).get("id").asText();
        ApiClient ownerA = customerUser(customerA, "OWNER");
        ApiClient tenantB = customerUser(customerB, "TENANT");
        String ownerAId = idOf(ownerA);
        String tenantBId = idOf(tenantB);
        open(ownerA);
        open(tenantB);
        Await.until(WAIT, () -> present(admin, ownerAId) && present(admin, tenantBId),
                "both online for the admin");

        assertTrue(present(ownerA, ownerAId));
        assertFalse(present(ownerA, tenantBId), "an owner sees only their customer's users");
        assertTrue(present(tenantB, tenantBId));
        assertFalse(present(tenantB, ownerAId), "a tenant sees only their customer's users");
        JsonNode list = Fixtures.expect(ownerA.get("/api/presence"), 200).json();
        for (JsonNode u : list.get("items")) {
            assertEquals(customerA, u.path("customerId").asText());
            assertTrue(u.has("name") && u.has("role") && u.has("id"));
        }
        assertEquals(list.get("items").size(), list.get("total").asInt());
        assertEquals(401, new ApiClient(node.baseUrl()).get("/api/presence").status());
    }

    /**
     * Waits until every presence decision due before now has been made and announced. A probe user opens and
     * ends a stream on {@code on}; each node makes its presence decisions in order on one worker, and events
     * arrive in id order, so once the probe's {@code presence:left} reaches {@code watch} (an admin's stream),
     * the event of any earlier decision has too. No fixed wait involved.
     */
    public static void settle(TestNode on, ApiClient superAdmin, SseClient watch) {
        JsonNode probeUser = Fixtures.staff(superAdmin, "SUPPORT");
        String probeId = probeUser.get("id").asText();
        ApiClient probe = new ApiClient(on.baseUrl()).login(probeUser.get("email").asText(), Fixtures.PASSWORD);
        SseClient stream = SseClient.open(on.baseUrl() + "/api/events", probe.token(), null);
        assertEquals(200, stream.status());
        String connectionId = stream.await("ready", WAIT).json().get("connectionId").asText();
        watch.await(e -> is(e, "presence:joined", probeId), WAIT, "the probe's joined");
        // Ended as a closing page ends it, so the node need not wait for a write to fail.
        Fixtures.expect(probe.delete("/api/events/" + connectionId), 204);
        stream.close();
        watch.await(e -> is(e, "presence:left", probeId), WAIT, "the probe's left");
    }

    public static boolean present(ApiClient viewer, String userId) {
        JsonNode list = Fixtures.expect(viewer.get("/api/presence"), 200).json();
        for (JsonNode u : list.get("items")) {
            if (u.path("id").asText().equals(userId)) {
                return true;
            }
        }
        return false;
    }
}

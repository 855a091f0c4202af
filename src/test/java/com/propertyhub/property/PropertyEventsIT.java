package com.propertyhub.property;

import static com.propertyhub.property.PropertyFixtures.id;
import static com.propertyhub.property.PropertyFixtures.property;
import static com.propertyhub.property.PropertyFixtures.rent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.Markers;
import com.propertyhub.testsupport.RoleStreams;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who receives the property events: a stream for every role of two customers plus the admins. "Never receives"
 * is proven with a marker emitted to everyone after the change; payloads are compared with a GET.
 */
class PropertyEventsIT {
    private static final Set<String> ADMINS = Set.of("SUPER_ADMIN", "SUPPORT");
    private static final Set<String> CUSTOMER_A = Set.of("OWNER_A", "MANAGER_A", "TENANT_A");
    private static final Set<String> STAFF_A = Set.of("OWNER_A", "MANAGER_A");

    private static TestNode node;
    private static ApiClient root;
    private static JsonNode customerA;
    private static RoleStreams streams;

    @BeforeAll
    static void startNodeAndOpenAStreamPerRole() {
        node = TestNode.start();
        root = node.api().loginAsAdmin();
        streams = new RoleStreams(root);
        customerA = Fixtures.customer(root, "Alpha Estates");
        JsonNode customerB = Fixtures.customer(root, "Beta Lettings");
        join("SUPER_ADMIN", root, root.get("/api/auth/me").json());
        JsonNode support = Fixtures.staff(root, "SUPPORT");
        join("SUPPORT", Fixtures.loginAs(root, support), support);
        for (String role : List.of("OWNER", "MANAGER", "TENANT")) {
            JsonNode a = Fixtures.customerUser(root, id(customerA), role);
            join(role + "_A", Fixtures.loginAs(root, a), a);
            JsonNode b = Fixtures.customerUser(root, id(customerB), role);
            join(role + "_B", Fixtures.loginAs(root, b), b);
        }
        settle();
    }

    private static void join(String label, ApiClient api, JsonNode user) {
        streams.join(label, api, user);
    }

    @AfterAll
    static void stop() {
        if (streams != null) {
            streams.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void propertyLifecycleReachesItsCustomersStaffOnlyAndCountsReachAdmins() {
        ApiClient manager = member("MANAGER_A").api();
        JsonNode created = property(manager, "Harbor Lofts");
        settle();
        assertReceivedBy(STAFF_A, RoleStreams.named("property:created", "property", created), "property:created");
        JsonNode rest = member("OWNER_A").api().get("/api/properties/" + id(created)).json();
        assertPayloads(STAFF_A, RoleStreams.named("property:created", "property", created), "property", rest);
        assertReceivedBy(ADMINS, RoleStreams.named("customer:updated", "customer", customerA),
                "customer:updated on create");
        assertReceivedBy(CUSTOMER_A, RoleStreams.named("account:updated", "customer", customerA),
                "account:updated on create");
        JsonNode account = first(member("TENANT_A").stream(), RoleStreams.named("account:updated", "customer",
                customerA));
        assertEquals(member("OWNER_A").api().get("/api/account").json().get("_count"),
                account.get("customer").get("_count"), "account:updated carries the new count");

        JsonNode updated = Fixtures.expect(manager.patch("/api/properties/" + id(created), Map.of("units", 40)), 200)
                .json();
        settle();
        assertReceivedBy(STAFF_A, RoleStreams.named("property:updated", "property", created), "property:updated");
        assertPayloads(STAFF_A, RoleStreams.named("property:updated", "property", created), "property", updated);
        assertReceivedBy(Set.of(), RoleStreams.named("customer:updated", "customer", customerA),
                "no count change, no customer:updated");

        Fixtures.expect(member("OWNER_A").api().delete("/api/properties/" + id(created)), 204);
        Predicate<SseEvent> deleted = e -> e.event().equals("property:deleted")
                && id(created).equals(e.json().path("propertyId").asText());
        settle();
        assertReceivedBy(STAFF_A, deleted, "property:deleted");
        assertEquals(Set.of("propertyId"), RoleStreams.fieldNames(first(member("MANAGER_A").stream(), deleted)));
        assertReceivedBy(ADMINS, RoleStreams.named("customer:updated", "customer", customerA),
                "customer:updated on delete");
        assertReceivedBy(CUSTOMER_A, RoleStreams.named("account:updated", "customer", customerA),
                "account:updated on delete");
    }

    @Test
    void tenancyChangeReachesOnlyThatTenant() {
        JsonNode p = property(member("OWNER_A").api(), "Tenant Home");
        settle();
        JsonNode tenant = rent(member("OWNER_A").api(), p, member("TENANT_A").user());
        Predicate<SseEvent> update = RoleStreams.named("user:updated", "user", tenant);
        settle();
        assertReceivedBy(Set.of("TENANT_A"), update, "user:updated for a new tenancy");
        assertEquals(id(p), first(member("TENANT_A").stream(), update).get("user").get("propertyId").asText());
    }

    /**
     * A tenant reads through events exactly what {@code GET /api/properties/{id}} lets them read: the property
     * they rent, live and in a replay and the activity feed, and nothing of the customer's other properties.
     */
    @Test
    void aTenantHearsOnlyOfThePropertyTheyRentInStreamReplayAndActivity() {
        ApiClient owner = member("OWNER_A").api();
        ApiClient tenantApi = member("TENANT_A").api();
        JsonNode rented = property(owner, "Rented Row");
        JsonNode other = property(owner, "Other Row");
        rent(owner, rented, member("TENANT_A").user());
        Fixtures.expect(owner.patch("/api/properties/" + id(rented), Map.of("units", 9)), 200);
        Fixtures.expect(owner.patch("/api/properties/" + id(other), Map.of("units", 9)), 200);
        settle();
        assertEquals(404, tenantApi.get("/api/properties/" + id(other)).status(), "REST hides the other property");
        assertReceivedBy(Set.of("OWNER_A", "MANAGER_A", "TENANT_A"),
                RoleStreams.named("property:updated", "property", rented), "the rented property's update");
        assertReceivedBy(STAFF_A, RoleStreams.named("property:updated", "property", other), "the other's update");

        SseClient replay = SseClient.open(tenantApi.baseUrl() + "/api/events", tenantApi.token(), "0");
        try {
            assertEquals(200, replay.status());
            Markers.marker(root, List.of(replay));
            assertTrue(replay.dataEvents().stream().anyMatch(e -> e.event().equals("property:updated")
                    && e.data().contains(id(rented))), "the replay has the rented property");
            for (SseEvent e : replay.dataEvents()) {
                assertFalse(e.data().contains(id(other)), "the replay has a property not rented: " + e);
            }
        } finally {
            replay.close();
        }
        JsonNode feed = Fixtures.expect(tenantApi.get("/api/activity?limit=100"), 200).json();
        assertTrue(feed.get("items").toString().contains(id(rented)), "the activity has the rented property");
        feed.get("items").forEach(item -> assertFalse(item.toString().contains(id(other)),
                "the activity has a property not rented: " + item));
    }

    @Test
    void customerBNeverHearsAboutCustomerAProperties() {
        ApiClient ownerA = member("OWNER_A").api();
        JsonNode p = property(ownerA, "Secret Alpha");
        Fixtures.expect(ownerA.patch("/api/properties/" + id(p), Map.of("name", "Secret Alpha 2")), 200);
        Fixtures.expect(ownerA.delete("/api/properties/" + id(p)), 204);
        settle();
        for (String label : List.of("OWNER_B", "MANAGER_B", "TENANT_B")) {
            for (SseEvent e : member(label).stream().events()) {
                assertFalse(e.data().contains(id(p)), label + " received " + e.event() + " about A: " + e.data());
                assertFalse(e.event().startsWith("property:") && e.data().contains(id(customerA)), label + " got " + e);
            }
        }
    }

    // ---- the shared per-role windows (RoleStreams) ------------------------------------------------------

    private static void settle() {
        streams.settle();
    }

    private static void assertReceivedBy(Set<String> expected, Predicate<SseEvent> match, String what) {
        streams.assertReceivedBy(expected, match, what);
    }

    private static void assertPayloads(Set<String> labels, Predicate<SseEvent> match, String field, JsonNode rest) {
        streams.assertPayloads(labels, match, field, rest);
    }

    private static JsonNode first(SseClient stream, Predicate<SseEvent> match) {
        return streams.first(labelOf(stream), match);
    }

    private static String labelOf(SseClient stream) {
        return streams.members().stream().filter(m -> m.stream() == stream).findFirst().orElseThrow().label();
    }

    private static RoleStreams.Member member(String label) {
        return streams.member(label);
    }
}

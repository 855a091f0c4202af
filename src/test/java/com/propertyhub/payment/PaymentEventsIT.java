package com.propertyhub.payment;

import static com.propertyhub.property.PropertyFixtures.id;
import static com.propertyhub.property.PropertyFixtures.openReady;
import static com.propertyhub.property.PropertyFixtures.property;
import static com.propertyhub.property.PropertyFixtures.rent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.property.PropertyFixtures;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code payment:received} is private: it reaches the customer's owners and managers and the paying tenant, one
 * event each, and nobody else (not the other tenants of the same customer, not another customer, not admins).
 */
class PaymentEventsIT {
    private static TestNode node;
    private static ApiClient root;
    private static final Map<String, Member> members = new LinkedHashMap<>();

    private record Member(String label, ApiClient api, JsonNode user, SseClient stream) {
    }

    @BeforeAll
    static void startNodeAndOpenAStreamPerRole() {
        node = TestNode.start();
        root = node.api().loginAsAdmin();
        join("SUPER_ADMIN", root, root.get("/api/auth/me").json());
        for (String customer : List.of("A", "B")) {
            String c = id(Fixtures.customer(root, "Customer " + customer));
            for (String label : List.of("OWNER", "OWNER2", "MANAGER", "TENANT1", "TENANT2")) {
                JsonNode u = Fixtures.customerUser(root, c, label.replaceAll("[0-9]", ""));
                join(label + "_" + customer, Fixtures.loginAs(root, u), u);
            }
            ApiClient owner = member("OWNER_" + customer).api();
            JsonNode home = property(owner, "Home " + customer);
            rent(owner, home, member("TENANT1_" + customer).user());
            rent(owner, home, member("TENANT2_" + customer).user());
        }
        settle();
    }

    private static void join(String label, ApiClient api, JsonNode user) {
        members.put(label, new Member(label, api, user, openReady(api)));
    }

    @AfterAll
    static void stop() {
        members.values().forEach(m -> m.stream().close());
        if (node != null) {
            node.close();
        }
    }

    @Test
    void tenantsPaymentReachesTheirOwnersManagersAndThemOnly() {
        JsonNode paid = Fixtures.expect(member("TENANT1_A").api().post("/api/payments",
                Map.of("amount", "950.00", "month", "2026-11")), 201).json();
        Predicate<SseEvent> received = received(paid);
        settle();
        Set<String> audience = Set.of("OWNER_A", "OWNER2_A", "MANAGER_A", "TENANT1_A");
        assertReceivedBy(audience, received);
        JsonNode rest = member("MANAGER_A").api().get("/api/payments/" + id(paid)).json();
        for (String label : audience) {
            JsonNode data = first(member(label).stream(), received);
            assertEquals(Set.of("payment"), fieldNames(data));
            assertEquals(rest, data.get("payment"), "payload for " + label + " equals the REST JSON");
        }
    }

    @Test
    void managersRecordingReachesThePayingTenantNotTheOtherOne() {
        JsonNode paid = Fixtures.expect(member("MANAGER_B").api().post("/api/payments",
                Map.of("tenantId", id(member("TENANT2_B").user()), "amount", 700, "month", "2026-11")), 201).json();
        settle();
        assertReceivedBy(Set.of("OWNER_B", "OWNER2_B", "MANAGER_B", "TENANT2_B"), received(paid));
    }

    @Test
    void noTenantEverSeesAnotherTenantsOrCustomersPayments() {
        JsonNode a1 = Fixtures.expect(member("TENANT1_A").api().post("/api/payments", Map.of("amount", 1)), 201).json();
        JsonNode b1 = Fixtures.expect(member("TENANT1_B").api().post("/api/payments", Map.of("amount", 2)), 201).json();
        settle();
        for (Member m : members.values()) {
            for (SseEvent e : m.stream().events()) {
                if (!e.event().equals("payment:received")) {
                    continue;
                }
                JsonNode p = e.json().get("payment");
                String tenant = p.get("tenantId").asText();
                boolean sameCustomer = m.user().path("customerId").asText().equals(p.get("customerId").asText());
                boolean allowed = sameCustomer && (m.label().startsWith("OWNER") || m.label().startsWith("MANAGER")
                        || tenant.equals(id(m.user())));
                assertTrue(allowed, m.label() + " received " + e.data());
            }
        }
        assertReceivedBy(Set.of("OWNER_A", "OWNER2_A", "MANAGER_A", "TENANT1_A"), received(a1));
        assertReceivedBy(Set.of("OWNER_B", "OWNER2_B", "MANAGER_B", "TENANT1_B"), received(b1));
    }

    // ---- the marker technique ---------------------------------------------------------------------------

    private static long previousMarker;
    private static long lastMarker;

    private static void settle() {
        previousMarker = lastMarker;
        lastMarker = PropertyFixtures.marker(root, members.values().stream().map(Member::stream).toList());
    }

    private static List<SseEvent> window(SseClient stream) {
        return PropertyFixtures.between(stream, previousMarker, lastMarker);
    }

    private static void assertReceivedBy(Set<String> expected, Predicate<SseEvent> match) {
        Map<String, Integer> actual = new TreeMap<>();
        Map<String, Integer> wanted = new TreeMap<>();
        for (Member m : members.values()) {
            actual.put(m.label(), (int) window(m.stream()).stream().filter(match).count());
            wanted.put(m.label(), expected.contains(m.label()) ? 1 : 0);
        }
        assertEquals(wanted, actual, "payment:received deliveries per role");
    }

    private static Predicate<SseEvent> received(JsonNode payment) {
        return e -> e.event().equals("payment:received") && e.json() != null
                && id(payment).equals(e.json().path("payment").path("id").asText());
    }

    private static JsonNode first(SseClient stream, Predicate<SseEvent> match) {
        return window(stream).stream().filter(match).findFirst().orElseThrow().json();
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> names = new java.util.HashSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Member member(String label) {
        return members.get(label);
    }
}

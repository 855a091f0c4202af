package com.propertyhub.payment;

import static com.propertyhub.property.PropertyFixtures.id;
import static com.propertyhub.property.PropertyFixtures.property;
import static com.propertyhub.property.PropertyFixtures.rent;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.RoleStreams;
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
 * {@code payment:received} is private: it reaches the customer's owners and managers and the paying tenant, one
 * event each, and nobody else (not the other tenants of the same customer, not another customer, not admins).
 */
class PaymentEventsIT {
    private static TestNode node;
    private static ApiClient root;
    private static RoleStreams streams;

    @BeforeAll
    static void startNodeAndOpenAStreamPerRole() {
        node = TestNode.start();
        root = node.api().loginAsAdmin();
        streams = new RoleStreams(root);
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
    void tenantsPaymentReachesTheirOwnersManagersAndThemOnly() {
        JsonNode paid = Fixtures.expect(member("TENANT1_A").api().post("/api/payments",
                Map.of("amount", "950.00", "month", "2026-11")), 201).json();
        Predicate<SseEvent> received = received(paid);
        settle();
        Set<String> audience = Set.of("OWNER_A", "OWNER2_A", "MANAGER_A", "TENANT1_A");
        assertReceivedBy(audience, received);
        JsonNode rest = member("MANAGER_A").api().get("/api/payments/" + id(paid)).json();
        streams.assertPayloads(audience, received, "payment", rest);
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
        for (RoleStreams.Member m : streams.members()) {
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

    // ---- the shared per-role windows (RoleStreams) ------------------------------------------------------

    private static void settle() {
        streams.settle();
    }

    private static void assertReceivedBy(Set<String> expected, Predicate<SseEvent> match) {
        streams.assertReceivedBy(expected, match, "payment:received");
    }

    private static Predicate<SseEvent> received(JsonNode payment) {
        return RoleStreams.named("payment:received", "payment", payment);
    }

    private static RoleStreams.Member member(String label) {
        return streams.member(label);
    }
}

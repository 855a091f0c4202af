package com.propertyhub.payment;

import static com.propertyhub.property.PropertyFixtures.id;
import static com.propertyhub.property.PropertyFixtures.property;
import static com.propertyhub.property.PropertyFixtures.rent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/payments} over real HTTP against PostgreSQL: recording, scoping by role, validation, totals. */
class PaymentsIT {
    private static TestNode node;
    private static ApiClient root;
    private static ApiClient ownerA;
    private static ApiClient managerA;
    private static JsonNode tenant1User;
    private static ApiClient tenant1;
    private static JsonNode tenant2User;
    private static ApiClient tenant2;
    private static JsonNode homeA;
    private static JsonNode otherA;
    private static ApiClient ownerB;
    private static JsonNode tenantBUser;
    private static JsonNode homeB;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        root = node.api().loginAsAdmin();
        String a = id(Fixtures.customer(root, "Alpha Estates"));
        String b = id(Fixtures.customer(root, "Beta Lettings"));
        ownerA = Fixtures.loginAs(root, Fixtures.customerUser(root, a, "OWNER"));
        managerA = Fixtures.loginAs(root, Fixtures.customerUser(root, a, "MANAGER"));
        tenant1User = Fixtures.customerUser(root, a, "TENANT");
        tenant1 = Fixtures.loginAs(root, tenant1User);
        tenant2User = Fixtures.customerUser(root, a, "TENANT");
        tenant2 = Fixtures.loginAs(root, tenant2User);
        homeA = property(ownerA, "Alpha Home");
        otherA = property(ownerA, "Alpha Other");
        rent(managerA, homeA, tenant1User);
        rent(managerA, otherA, tenant2User);
        ownerB = Fixtures.loginAs(root, Fixtures.customerUser(root, b, "OWNER"));
        tenantBUser = Fixtures.customerUser(root, b, "TENANT");
        homeB = property(ownerB, "Beta Home");
        rent(ownerB, homeB, tenantBUser);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void tenantRecordsTheirOwnRentForThePropertyTheyRent() {
        ApiResponse r = Fixtures.expect(tenant1.post("/api/payments", Map.of("amount", 1200, "month", "2026-11",
                "paidAt", "2026-11-03T10:15:30Z", "note", "November rent")), 201);
        JsonNode p = r.json();
        assertTrue(r.body().contains("\"amount\":1200.00"), "amount as a number with 2 decimals: " + r.body());
        assertEquals(id(homeA), p.get("propertyId").asText(), "defaults to the rented property");
        assertEquals("Alpha Home", p.get("propertyName").asText());
        assertEquals(id(tenant1User), p.get("tenantId").asText());
        assertEquals("2026-11", p.get("month").asText());
        assertEquals("2026-11-03T10:15:30Z", p.get("paidAt").asText());
        assertEquals("November rent", p.get("note").asText());
        assertTrue(r.header("Location").endsWith("/api/payments/" + id(p)));
        assertEquals(p, Fixtures.expect(tenant1.get("/api/payments/" + id(p)), 200).json());
        assertEquals(p, Fixtures.expect(managerA.get("/api/payments/" + id(p)), 200).json());
        assertEquals(404, tenant2.get("/api/payments/" + id(p)).status(), "another tenant's payment");
        assertEquals(404, ownerB.get("/api/payments/" + id(p)).status(), "another customer's payment");
    }

    @Test
    void monthDefaultsToTheMonthOfPayment() {
        JsonNode p = Fixtures.expect(tenant2.post("/api/payments", Map.of("amount", "99.5",
                "paidAt", "2026-09-30T23:59:59Z")), 201).json();
        assertEquals("2026-09", p.get("month").asText());
        assertEquals(99.5, p.get("amount").asDouble());
    }

    @Test
    void managersRecordForAnyOfTheirTenants() {
        JsonNode p = Fixtures.expect(managerA.post("/api/payments", Map.of("tenantId", id(tenant2User),
                "amount", 800.25, "month", "2026-10")), 201).json();
        assertEquals(id(otherA), p.get("propertyId").asText());
        assertEquals(id(tenant2User), p.get("tenantId").asText());
        assertEquals(Set.of("tenantId"), detailFields(ownerA.post("/api/payments", Map.of("amount", 10))));
        assertEquals(404, ownerA.post("/api/payments", Map.of("tenantId", id(tenantBUser), "amount", 10)).status(),
                "another customer's tenant");
        assertEquals(422, ownerA.post("/api/payments", Map.of("tenantId",
                ownerA.get("/api/auth/me").json().get("id").asText(), "amount", 10)).status(), "not a tenant");
    }

    @Test
    void invalidAmountsMonthsAndPropertiesAreRefused() {
        assertEquals(Set.of("amount"), detailFields(tenant1.post("/api/payments", Map.of("month", "2026-11"))));
        assertEquals(Set.of("amount"), detailFields(tenant1.post("/api/payments", Map.of("amount", -5))));
        assertEquals(Set.of("amount"), detailFields(tenant1.post("/api/payments", Map.of("amount", 0))));
        assertEquals(Set.of("amount"), detailFields(tenant1.post("/api/payments", Map.of("amount", "10.005"))));
        assertEquals(Set.of("amount"), detailFields(tenant1.post("/api/payments", Map.of("amount", "lots"))));
        assertEquals(Set.of("month"),
                detailFields(tenant1.post("/api/payments", Map.of("amount", 5, "month", "2026-13"))));
        assertEquals(Set.of("paidAt"),
                detailFields(tenant1.post("/api/payments", Map.of("amount", 5, "paidAt", "yesterday"))));
        assertEquals(Set.of("propertyId"),
                detailFields(tenant1.post("/api/payments", Map.of("amount", 5, "propertyId", "x"))));
        assertEquals(404, managerA.post("/api/payments", Map.of("tenantId", id(tenant1User), "amount", 5,
                "propertyId", "00000000-0000-0000-0000-000000000000")).status(), "unknown property");
        assertEquals(404, managerA.post("/api/payments", Map.of("tenantId", id(tenant1User), "amount", 5,
                "propertyId", id(homeB))).status(), "another customer's property");
        assertEquals(404, tenant1.post("/api/payments", Map.of("amount", 5, "propertyId", id(homeB))).status());
        assertEquals(403, tenant1.post("/api/payments", Map.of("amount", 5, "propertyId", id(otherA))).status(),
                "a property the tenant does not rent");
        assertEquals(403, tenant1.post("/api/payments", Map.of("amount", 5, "tenantId", id(tenant2User))).status(),
                "paying as someone else");
        assertEquals(400, ownerA.get("/api/payments?month=November").status());
        assertEquals(400, ownerA.get("/api/payments?propertyId=nope").status());
        assertEquals(400, ownerA.get("/api/payments/totals?month=2026-1").status());
        assertEquals(403, root.get("/api/payments").status(), "admins have no customer");
    }

    @Test
    void tenantsListOnlyTheirOwnAndManagersFilterByPropertyAndMonth() {
        Fixtures.expect(tenant1.post("/api/payments", Map.of("amount", 100, "month", "2026-05")), 201);
        Fixtures.expect(tenant2.post("/api/payments", Map.of("amount", 200, "month", "2026-05")), 201);
        JsonNode own = Fixtures.expect(tenant1.get("/api/payments?limit=200"), 200).json();
        own.get("items").forEach(p -> assertEquals(id(tenant1User), p.get("tenantId").asText()));
        assertFalse(own.toString().contains(id(tenant2User)), "a tenant never sees another's payment");

        JsonNode may = Fixtures.expect(ownerA.get("/api/payments?month=2026-05"), 200).json();
        assertEquals(2, may.get("total").asInt());
        JsonNode mayHome = Fixtures.expect(ownerA.get("/api/payments?month=2026-05&propertyId=" + id(homeA)), 200)
                .json();
        assertEquals(1, mayHome.get("total").asInt());
        assertEquals(100.0, mayHome.get("items").get(0).get("amount").asDouble());
        assertEquals(0, ownerB.get("/api/payments?month=2026-05").json().get("total").asInt());
    }

    @Test
    void totalsArePerPropertyAndMonth() {
        Fixtures.expect(tenant1.post("/api/payments", Map.of("amount", "10.10", "month", "2026-03")), 201);
        Fixtures.expect(managerA.post("/api/payments", Map.of("tenantId", id(tenant1User), "amount", "5.05",
                "month", "2026-03")), 201);
        Fixtures.expect(tenant2.post("/api/payments", Map.of("amount", 7, "month", "2026-03")), 201);
        ApiResponse r = Fixtures.expect(managerA.get("/api/payments/totals?month=2026-03"), 200);
        JsonNode t = r.json();
        assertEquals("2026-03", t.get("month").asText());
        assertEquals(3, t.get("payments").asInt());
        assertTrue(r.body().contains("\"amount\":22.15"), r.body());
        Map<String, Double> perProperty = new HashMap<>();
        t.get("items").forEach(row -> {
            assertEquals("2026-03", row.get("month").asText());
            perProperty.put(row.get("propertyName").asText(), row.get("amount").asDouble());
        });
        assertEquals(Map.of("Alpha Home", 15.15, "Alpha Other", 7.0), perProperty);
        JsonNode mine = Fixtures.expect(tenant2.get("/api/payments/totals?month=2026-03"), 200).json();
        assertEquals(1, mine.get("payments").asInt(), "a tenant's totals are their own");
        assertEquals(0, ownerB.get("/api/payments/totals?month=2026-03").json().get("items").size());
    }

    @Test
    void deletingACustomerOrATenantKeepsTheDatabaseConsistent() {
        String c = id(Fixtures.customer(root, "Gamma Gone"));
        ApiClient owner = Fixtures.loginAs(root, Fixtures.customerUser(root, c, "OWNER"));
        JsonNode stays = Fixtures.customerUser(root, c, "TENANT");
        JsonNode leaves = Fixtures.customerUser(root, c, "TENANT");
        JsonNode home = property(owner, "Gamma Home");
        rent(owner, home, stays);
        rent(owner, home, leaves);
        Fixtures.expect(owner.post("/api/payments", Map.of("tenantId", id(stays), "amount", 10)), 201);
        JsonNode left = Fixtures.expect(owner.post("/api/payments", Map.of("tenantId", id(leaves), "amount", 20)), 201)
                .json();

        // A tenant's payments outlive their login.
        Fixtures.expect(root.delete("/api/customers/" + c + "/users/" + id(leaves)), 204);
        JsonNode kept = Fixtures.expect(owner.get("/api/payments/" + id(left)), 200).json();
        assertTrue(kept.get("tenantId").isNull(), kept.toString());
        assertEquals(2, owner.get("/api/payments").json().get("total").asInt());

        Fixtures.expect(root.delete("/api/customers/" + c), 204);
        assertEquals(404, root.get("/api/customers/" + c + "/properties").status());
    }

    private static Set<String> detailFields(ApiResponse r) {
        assertEquals(422, r.status(), r.toString());
        Set<String> fields = new HashSet<>();
        r.json().get("error").get("details").forEach(d -> fields.add(d.get("field").asText()));
        return fields;
    }
}

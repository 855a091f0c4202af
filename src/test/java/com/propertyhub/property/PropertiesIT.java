package com.propertyhub.property;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/properties} and {@code /api/customers/{id}/properties} over real HTTP against PostgreSQL. */
class PropertiesIT {
    private static final Set<String> FIELDS = Set.of("id", "customerId", "name", "address", "units", "createdAt",
            "updatedAt");

    private static TestNode node;
    private static ApiClient root;
    private static JsonNode customerA;
    private static ApiClient ownerA;
    private static ApiClient managerA;
    private static JsonNode tenantAUser;
    private static ApiClient tenantA;
    private static ApiClient ownerB;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        root = node.api().loginAsAdmin();
        customerA = Fixtures.customer(root, "Alpha Estates");
        JsonNode customerB = Fixtures.customer(root, "Beta Lettings");
        ownerA = Fixtures.loginAs(root, Fixtures.customerUser(root, id(customerA), "OWNER"));
        managerA = Fixtures.loginAs(root, Fixtures.customerUser(root, id(customerA), "MANAGER"));
        tenantAUser = Fixtures.customerUser(root, id(customerA), "TENANT");
        tenantA = Fixtures.loginAs(root, tenantAUser);
        ownerB = Fixtures.loginAs(root, Fixtures.customerUser(root, id(customerB), "OWNER"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void managerCreatesReadsUpdatesAndDeletesAProperty() {
        ApiResponse created = Fixtures.expect(managerA.post("/api/properties",
                Map.of("name", "  Sunset Towers ", "address", "1 Sunset Way", "units", 24)), 201);
        JsonNode p = created.json();
        assertEquals(FIELDS, fieldNames(p));
        assertEquals("Sunset Towers", p.get("name").asText());
        assertEquals(id(customerA), p.get("customerId").asText());
        assertEquals(24, p.get("units").asInt());
        assertTrue(created.header("Location").endsWith("/api/properties/" + id(p)), created.header("Location"));
        assertEquals(p, Fixtures.expect(ownerA.get("/api/properties/" + id(p)), 200).json());

        JsonNode patched = Fixtures.expect(ownerA.patch("/api/properties/" + id(p), Map.of("units", 30)), 200).json();
        assertEquals(30, patched.get("units").asInt());
        assertEquals("1 Sunset Way", patched.get("address").asText(), "PATCH keeps absent fields");
        JsonNode replaced = Fixtures.expect(managerA.put("/api/properties/" + id(p),
                Map.of("name", "Sunset Court", "units", 12)), 200).json();
        assertEquals("Sunset Court", replaced.get("name").asText());
        assertEquals(replaced, ownerA.get("/api/properties/" + id(p)).json());

        Fixtures.expect(managerA.delete("/api/properties/" + id(p)), 204);
        assertEquals(404, ownerA.get("/api/properties/" + id(p)).status());
        assertEquals("not_found", ownerA.delete("/api/properties/" + id(p)).errorCode());
    }

    @Test
    void listsArePagedAndCountedInTheCustomer() {
        long before = ownerA.get("/api/account").json().get("_count").get("properties").asLong();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(id(property(ownerA, "Listed " + i)));
        }
        assertEquals(before + 3, ownerA.get("/api/account").json().get("_count").get("properties").asLong());
        JsonNode page = Fixtures.expect(managerA.get("/api/properties?limit=2&offset=0"), 200).json();
        assertEquals(2, page.get("items").size());
        assertEquals(before + 3, page.get("total").asLong());
        assertEquals(2, page.get("limit").asInt());
        assertEquals(ids.get(2), id(page.get("items").get(0)), "newest first");
        assertEquals(400, managerA.get("/api/properties?limit=0").status());

        JsonNode adminList = Fixtures.expect(root.get("/api/customers/" + id(customerA) + "/properties?limit=200"), 200)
                .json();
        assertEquals(before + 3, adminList.get("total").asLong());
        assertEquals(404, root.get("/api/customers/00000000-0000-0000-0000-000000000000/properties").status());
        for (String pid : ids) {
            Fixtures.expect(ownerA.delete("/api/properties/" + pid), 204);
        }
        assertEquals(before, ownerA.get("/api/account").json().get("_count").get("properties").asLong());
    }

    @Test
    void invalidPropertiesAreRefusedWithEachField() {
        ApiResponse r = managerA.post("/api/properties", Map.of("address", "x".repeat(501), "units", 0));
        assertEquals(422, r.status(), r.toString());
        assertEquals("validation_failed", r.errorCode());
        assertEquals(Set.of("name", "address", "units"), detailFields(r));
        assertEquals(Set.of("name"), detailFields(managerA.post("/api/properties", Map.of("name", "   "))));
        assertEquals(Set.of("units"),
                detailFields(managerA.post("/api/properties", Map.of("name", "X", "units", "many"))));
        assertEquals(Set.of("colour"),
                detailFields(managerA.post("/api/properties", Map.of("name", "X", "colour", "red"))));
        JsonNode p = property(managerA, "Valid");
        assertEquals(Set.of("units"),
                detailFields(managerA.put("/api/properties/" + id(p), Map.of("name", "Only name"))));
        assertEquals(400, managerA.send("POST", "/api/properties", "{nope", "application/json").status());
    }

    @Test
    void anotherCustomersPropertyIsUnknown() {
        JsonNode p = property(ownerA, "Private Alpha");
        assertEquals(404, ownerB.get("/api/properties/" + id(p)).status());
        assertEquals(404, ownerB.patch("/api/properties/" + id(p), Map.of("units", 2)).status());
        assertEquals(404, ownerB.delete("/api/properties/" + id(p)).status());
        assertEquals(404, ownerB.put("/api/properties/" + id(p) + "/tenants/" + id(tenantAUser), Map.of()).status());
        assertFalse(ownerB.get("/api/properties").body().contains(id(p)));
        assertEquals(404, ownerA.get("/api/properties/not-an-id").status());
        assertEquals(8, ownerA.get("/api/properties/" + id(p)).json().get("units").asInt());
    }

    @Test
    void tenantReadsOnlyThePropertyTheyRentAndWritesNothing() {
        JsonNode rented = property(managerA, "Rented Place");
        JsonNode other = property(managerA, "Other Place");
        assertEquals(0, tenantA.get("/api/properties").json().get("total").asInt(), "no tenancy yet");

        JsonNode tenant = rent(managerA, rented, tenantAUser);
        assertEquals(id(rented), tenant.get("propertyId").asText());
        JsonNode list = Fixtures.expect(tenantA.get("/api/properties"), 200).json();
        assertEquals(1, list.get("total").asInt());
        assertEquals(rented, list.get("items").get(0));
        assertEquals(rented, Fixtures.expect(tenantA.get("/api/properties/" + id(rented)), 200).json());
        assertEquals(404, tenantA.get("/api/properties/" + id(other)).status());
        assertEquals(id(rented), tenantA.get("/api/auth/me").json().path("propertyId").asText());

        assertEquals(403, tenantA.post("/api/properties", Map.of("name", "Mine now")).status());
        assertEquals(403, tenantA.patch("/api/properties/" + id(rented), Map.of("units", 1)).status());
        assertEquals(403, tenantA.delete("/api/properties/" + id(rented)).status());
        assertEquals(403, tenantA.put("/api/properties/" + id(other) + "/tenants/" + id(tenantAUser), Map.of())
                .status());

        JsonNode tenants = Fixtures.expect(ownerA.get("/api/properties/" + id(rented) + "/tenants"), 200).json();
        assertEquals(List.of(id(tenantAUser)), ids(tenants.get("items")));
        // Moving to another property replaces the tenancy; ending it leaves none.
        rent(ownerA, other, tenantAUser);
        assertEquals(0, ownerA.get("/api/properties/" + id(rented) + "/tenants").json().get("total").asInt());
        assertEquals(404, ownerA.delete("/api/properties/" + id(rented) + "/tenants/" + id(tenantAUser)).status());
        Fixtures.expect(ownerA.delete("/api/properties/" + id(other) + "/tenants/" + id(tenantAUser)), 204);
        assertEquals(0, tenantA.get("/api/properties").json().get("total").asInt());
    }

    @Test
    void onlyTenantsRentProperties() {
        JsonNode p = property(ownerA, "Staff Quarters");
        JsonNode manager = Fixtures.customerUser(root, id(customerA), "MANAGER");
        ApiResponse r = ownerA.put("/api/properties/" + id(p) + "/tenants/" + id(manager), Map.of());
        assertEquals(422, r.status(), r.toString());
        assertEquals(404, ownerA.put("/api/properties/" + id(p) + "/tenants/00000000-0000-0000-0000-000000000000",
                Map.of()).status());
    }

    @Test
    void deletingARentedPropertyEndsTheTenancy() {
        JsonNode tenantUser = Fixtures.customerUser(root, id(customerA), "TENANT");
        JsonNode p = property(ownerA, "Soon Gone");
        rent(ownerA, p, tenantUser);
        Fixtures.expect(ownerA.delete("/api/properties/" + id(p)), 204);
        JsonNode after = Fixtures.expect(ownerA.get("/api/account/users/" + id(tenantUser)), 200).json();
        assertFalse(after.has("propertyId"), after.toString());
    }

    @Test
    void adminsUseTheCustomerRouteAndCustomerSideUsersCannot() {
        assertEquals(403, root.get("/api/properties").status());
        assertEquals(403, root.post("/api/properties", Map.of("name", "Admin's")).status());
        assertEquals(403, ownerA.get("/api/customers/" + id(customerA) + "/properties").status());
        assertEquals(401, node.api().get("/api/properties").status());
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> names = new java.util.HashSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> detailFields(ApiResponse r) {
        assertEquals(422, r.status(), r.toString());
        Set<String> fields = new java.util.HashSet<>();
        r.json().get("error").get("details").forEach(d -> fields.add(d.get("field").asText()));
        return fields;
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(id(i)));
        return ids;
    }
}

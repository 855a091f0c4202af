package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertCustomer;
import static com.propertyhub.api.Contract.assertError;
import static com.propertyhub.api.Contract.assertNoSecrets;
import static com.propertyhub.api.Contract.assertPage;
import static com.propertyhub.api.Contract.assertUser;
import static com.propertyhub.api.Contract.detailFields;
import static com.propertyhub.api.Contract.ids;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeTest;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/customers/{id}/users}: admins manage any customer's owners, managers and tenants, and each change
 * shows in the customer's {@code _count.users}.
 */
class CustomerUsersIT extends NodeTest {
    static ApiClient support;

    @BeforeAll
    static void createFixtures() {
        support = Fixtures.loginAs(admin, Fixtures.staff(admin, "SUPPORT"));
    }

    // ----------------------------------------------------------------------------------------------- happy paths

    @Test
    void createAnswers201WithLocationAndTheUserItself() {
        String customerId = newCustomer();
        for (String role : List.of("OWNER", "MANAGER", "TENANT")) {
            Map<String, Object> body = body(role);
            ApiResponse r = admin.post(users(customerId), body);
            assertEquals(201, r.status(), r::toString);
            JsonNode u = r.json();
            assertUser(u, customerId);
            assertNoSecrets(r, (String) body.get("password"));
            assertEquals(role, u.get("role").asText());
            assertEquals(body.get("email"), u.get("email").asText());
            assertEquals(body.get("name"), u.get("name").asText());
            assertEquals(admin.get("/api/customers/" + customerId).json().get("company"), u.get("company"),
                    "the company defaults to the customer's");

            URI location = URI.create(r.header("Location"));
            assertEquals(users(customerId) + "/" + id(u), location.getPath());
            assertEquals(u, expect(admin.get(location.getPath()), 200).json(), "GET Location answers what POST did");
            assertEquals(customerId, node.api().login((String) body.get("email"), (String) body.get("password"))
                    .get("/api/auth/me").json().get("customerId").asText());
        }
    }

    @Test
    void listAnswersThisCustomersUsersOnly() {
        String customerId = newCustomer();
        String other = newCustomer();
        String owner = id(Fixtures.customerUser(admin, customerId, "OWNER"));
        String tenant = id(Fixtures.customerUser(admin, customerId, "TENANT"));
        Fixtures.customerUser(admin, other, "TENANT");

        ApiResponse r = support.get(users(customerId));
        JsonNode page = assertPage(r, 50, 0);
        assertNoSecrets(r);
        assertEquals(2, page.get("total").asInt());
        page.get("items").forEach(u -> assertUser(u, customerId));
        assertEquals(List.of(tenant, owner), ids(r), "newest first");
        assertEquals(List.of(owner), ids(support.get(users(customerId) + "?limit=1&offset=1")));
        assertPage(support.get(users(customerId) + "?limit=1&offset=1"), 1, 1);
    }

    @Test
    void patchChangesOnlyTheFieldsItNames() {
        String customerId = newCustomer();
        JsonNode before = Fixtures.customerUser(admin, customerId, "TENANT");
        ApiResponse r = expect(admin.patch(users(customerId) + "/" + id(before),
                Map.of("name", "Renamed Tenant", "role", "MANAGER")), 200);
        assertNoSecrets(r);
        JsonNode after = r.json();
        assertUser(after, customerId);
        assertEquals("Renamed Tenant", after.get("name").asText());
        assertEquals("MANAGER", after.get("role").asText());
        for (String field : List.of("id", "email", "company", "permissions", "isActive", "createdAt")) {
            assertEquals(before.get(field), after.get(field), field);
        }
        assertEquals(after, admin.get(users(customerId) + "/" + id(before)).json());
    }

    @Test
    void aDeactivatedCustomerUserCannotLogIn() {
        String customerId = newCustomer();
        JsonNode tenant = Fixtures.customerUser(admin, customerId, "TENANT");
        expect(admin.patch(users(customerId) + "/" + id(tenant), Map.of("isActive", false)), 200);
        assertError(node.api().post("/api/auth/login",
                Map.of("email", tenant.get("email").asText(), "password", Fixtures.PASSWORD)), 403, "forbidden");
    }

    @Test
    void deleteAnswers204AndTheUserIsGone() {
        String customerId = newCustomer();
        JsonNode tenant = Fixtures.customerUser(admin, customerId, "TENANT");
        ApiResponse r = admin.delete(users(customerId) + "/" + id(tenant));
        assertEquals(204, r.status(), r::toString);
        assertTrue(r.body() == null || r.body().isEmpty(), r::toString);
        assertError(admin.get(users(customerId) + "/" + id(tenant)), 404, "not_found");
        assertError(admin.delete(users(customerId) + "/" + id(tenant)), 404, "not_found");
        assertEquals(0, admin.get(users(customerId)).json().get("total").asInt());
    }

    @Test
    void usersCountFollowsAddsAndRemoves() {
        String customerId = newCustomer();
        assertEquals(0, usersCount(customerId));
        JsonNode owner = Fixtures.customerUser(admin, customerId, "OWNER");
        assertEquals(1, usersCount(customerId));
        JsonNode manager = Fixtures.customerUser(admin, customerId, "MANAGER");
        assertEquals(2, usersCount(customerId));

        ApiClient ownerClient = Fixtures.loginAs(admin, owner);
        JsonNode tenant = expect(ownerClient.post("/api/account/users", body("TENANT")), 201).json();
        assertEquals(3, usersCount(customerId));
        assertEquals(3, ownerClient.get("/api/account").json().get("_count").get("users").asInt());

        expect(ownerClient.delete("/api/account/users/" + id(tenant)), 204);
        assertEquals(2, usersCount(customerId));
        expect(admin.delete(users(customerId) + "/" + id(manager)), 204);
        assertEquals(1, usersCount(customerId));
        JsonNode listed = admin.get("/api/customers?q=" + admin.get("/api/customers/" + customerId).json()
                .get("company").asText()).json().get("items").get(0);
        assertEquals(1, listed.get("_count").get("users").asInt(), "lists count the same way");
    }

    @Test
    void propertiesCountIsPresent() {
        JsonNode c = admin.get("/api/customers/" + newCustomer()).json();
        assertCustomer(c);
        assertTrue(c.get("_count").get("properties").isIntegralNumber(), c::toString);
        assertEquals(0, c.get("_count").get("properties").asInt());
    }

    @Test
    void userChangesMoveTheCustomersUpdatedAt() {
        String customerId = newCustomer();
        String before = admin.get("/api/customers/" + customerId).json().get("updatedAt").asText();
        Fixtures.customerUser(admin, customerId, "TENANT");
        String after = admin.get("/api/customers/" + customerId).json().get("updatedAt").asText();
        assertFalse(java.time.Instant.parse(after).isBefore(java.time.Instant.parse(before)));
    }

    // -------------------------------------------------------------------------------------------------- refusals

    @Test
    void supportReadsButCannotWriteCustomerUsers() {
        String customerId = newCustomer();
        JsonNode tenant = Fixtures.customerUser(admin, customerId, "TENANT");
        expect(support.get(users(customerId)), 200);
        expect(support.get(users(customerId) + "/" + id(tenant)), 200);
        assertError(support.post(users(customerId), body("TENANT")), 403, "forbidden");
        assertError(support.patch(users(customerId) + "/" + id(tenant), Map.of("name", "X")), 403, "forbidden");
        assertError(support.delete(users(customerId) + "/" + id(tenant)), 403, "forbidden");
        assertEquals(List.of(id(tenant)), ids(admin.get(users(customerId))));
        assertEquals(tenant, admin.get(users(customerId) + "/" + id(tenant)).json());
    }

    @Test
    void internalRolesCannotBeGivenToCustomerUsers() {
        String customerId = newCustomer();
        for (String role : List.of("ADMIN", "SUPER_ADMIN", "SUPPORT")) {
            ApiResponse r = admin.post(users(customerId), body(role));
            assertError(r, 422, "validation_failed");
            assertEquals(Set.of("role"), detailFields(r));
        }
        JsonNode tenant = Fixtures.customerUser(admin, customerId, "TENANT");
        assertError(admin.patch(users(customerId) + "/" + id(tenant), Map.of("role", "SUPER_ADMIN")),
                422, "validation_failed");
        assertEquals(tenant, admin.get(users(customerId) + "/" + id(tenant)).json());
        assertEquals(1, usersCount(customerId));
    }

    @Test
    void unknownCustomerIs404AndStoresNothing() {
        for (String customerId : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            Map<String, Object> body = body("TENANT");
            assertError(admin.get(users(customerId)), 404, "not_found");
            assertError(admin.post(users(customerId), body), 404, "not_found");
            assertError(node.api().post("/api/auth/login",
                    Map.of("email", body.get("email"), "password", body.get("password"))), 401, "invalid_credentials");
            assertError(admin.patch(users(customerId) + "/" + UUID.randomUUID(), Map.of("name", "X")), 404,
                    "not_found");
            assertError(admin.delete(users(customerId) + "/" + UUID.randomUUID()), 404, "not_found");
        }
    }

    @Test
    void aUserOfAnotherCustomerIsNotFoundUnderThisOne() {
        String a = newCustomer();
        String b = newCustomer();
        JsonNode tenantOfA = Fixtures.customerUser(admin, a, "TENANT");
        String wrongPath = users(b) + "/" + id(tenantOfA);
        assertError(admin.get(wrongPath), 404, "not_found");
        assertError(admin.patch(wrongPath, Map.of("name", "Moved")), 404, "not_found");
        assertError(admin.delete(wrongPath), 404, "not_found");
        assertEquals(tenantOfA, admin.get(users(a) + "/" + id(tenantOfA)).json());
    }

    @Test
    void internalUsersAreNotFoundUnderACustomer() {
        String customerId = newCustomer();
        JsonNode staff = Fixtures.staff(admin, "SUPPORT");
        String path = users(customerId) + "/" + id(staff);
        assertError(admin.get(path), 404, "not_found");
        assertError(admin.patch(path, Map.of("role", "OWNER")), 404, "not_found");
        assertError(admin.delete(path), 404, "not_found");
        assertEquals(staff, admin.get("/api/users/" + id(staff)).json());
    }

    @Test
    void unknownUserIdsAre404() {
        String customerId = newCustomer();
        for (String userId : List.of(UUID.randomUUID().toString(), "x")) {
            assertError(admin.get(users(customerId) + "/" + userId), 404, "not_found");
            assertError(admin.patch(users(customerId) + "/" + userId, Map.of("name", "X")), 404, "not_found");
            assertError(admin.delete(users(customerId) + "/" + userId), 404, "not_found");
        }
    }

    @Test
    void wrongMethodsAre405() {
        String customerId = newCustomer();
        JsonNode tenant = Fixtures.customerUser(admin, customerId, "TENANT");
        assertError(admin.delete(users(customerId)), 405, "method_not_allowed");
        assertError(admin.put(users(customerId) + "/" + id(tenant), body("TENANT")), 405, "method_not_allowed");
        assertError(admin.post(users(customerId) + "/" + id(tenant), body("TENANT")), 405, "method_not_allowed");
    }

    @Test
    void duplicateEmailIs409AndStoresNothing() {
        String customerId = newCustomer();
        JsonNode existing = Fixtures.customerUser(admin, customerId, "OWNER");
        JsonNode staff = Fixtures.staff(admin, "SUPPORT");
        for (JsonNode taken : List.of(existing, staff)) {
            Map<String, Object> body = body("TENANT");
            body.put("email", taken.get("email").asText().toUpperCase());
            ApiResponse r = admin.post(users(customerId), body);
            assertError(r, 409, "email_taken");
            assertEquals(Set.of("email"), detailFields(r));
        }
        assertEquals(1, usersCount(customerId));
        JsonNode tenant = Fixtures.customerUser(admin, customerId, "TENANT");
        assertError(admin.patch(users(customerId) + "/" + id(tenant), Map.of("email", staff.get("email").asText())),
                409, "email_taken");
        assertEquals(tenant, admin.get(users(customerId) + "/" + id(tenant)).json());
    }

    @Test
    void invalidBodiesAre422Or400AndStoreNothing() {
        String customerId = newCustomer();
        ApiResponse missing = admin.post(users(customerId), Map.of());
        assertError(missing, 422, "validation_failed");
        assertEquals(Set.of("name", "email", "password", "role"), detailFields(missing));
        Map<String, Object> bad = body("TENANT");
        bad.put("email", "bad email@x");
        bad.put("password", "short");
        ApiResponse invalid = admin.post(users(customerId), bad);
        assertError(invalid, 422, "validation_failed");
        assertEquals(Set.of("email", "password"), detailFields(invalid));
        Map<String, Object> unknown = body("TENANT");
        unknown.put("customerId", UUID.randomUUID().toString());
        assertEquals(Set.of("customerId"),
                detailFields(assertErrorResponse(admin.post(users(customerId), unknown), 422)));
        Map<String, Object> badRole = body("LANDLORD");
        assertEquals(Set.of("role"), detailFields(assertErrorResponse(admin.post(users(customerId), badRole), 422)));
        assertError(admin.send("POST", users(customerId), "{\"name\":", "application/json"), 400, "malformed_json");
        assertError(admin.send("POST", users(customerId), ApiClient.json(body("TENANT")), "text/plain"),
                415, "unsupported_media_type");
        assertEquals(0, usersCount(customerId));
        assertEquals(0, admin.get(users(customerId)).json().get("total").asInt());
    }

    // -------------------------------------------------------------------------------------------------- helpers

    private static ApiResponse assertErrorResponse(ApiResponse r, int status) {
        assertError(r, status, null);
        return r;
    }

    private static String newCustomer() {
        return id(Fixtures.customer(admin, Nodes.unique("Cust")));
    }

    private static int usersCount(String customerId) {
        JsonNode c = expect(admin.get("/api/customers/" + customerId), 200).json();
        return c.get("_count").get("users").asInt();
    }

    private static Map<String, Object> body(String role) {
        String name = Nodes.unique(role.toLowerCase());
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Person " + name);
        body.put("email", name + "@customer.test");
        body.put("password", "pw-" + UUID.randomUUID());
        body.put("role", role);
        return body;
    }

    private static String users(String customerId) {
        return "/api/customers/" + customerId + "/users";
    }

    private static String id(JsonNode node) {
        return node.get("id").asText();
    }
}

package com.propertyhub.api;

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
import com.propertyhub.testsupport.TestNode;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/users}: internal staff. Every admin reads; only a SUPER_ADMIN writes. */
class UsersIT {
    static TestNode node;
    static ApiClient superAdmin;
    static String superAdminId;
    static ApiClient admin;
    static ApiClient support;
    static String customerId;

    @BeforeAll
    static void start() {
        node = Nodes.start();
        superAdmin = node.api().loginAsAdmin();
        superAdminId = superAdmin.get("/api/auth/me").json().get("id").asText();
        admin = Fixtures.loginAs(superAdmin, Fixtures.staff(superAdmin, "ADMIN"));
        support = Fixtures.loginAs(superAdmin, Fixtures.staff(superAdmin, "SUPPORT"));
        customerId = Fixtures.customer(superAdmin, "Users Co").get("id").asText();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    // ----------------------------------------------------------------------------------------------- happy paths

    @Test
    void createAnswers201WithLocationAndTheUserItself() {
        String name = Nodes.unique("Create");
        Map<String, Object> body = body(name, "ADMIN");
        ApiResponse r = superAdmin.post("/api/users", body);
        assertEquals(201, r.status(), r::toString);
        JsonNode u = r.json();
        assertUser(u, null);
        assertNoSecrets(r, (String) body.get("password"));
        assertEquals(name, u.get("name").asText());
        assertEquals(body.get("email"), u.get("email").asText());
        assertEquals("ADMIN", u.get("role").asText());
        assertEquals("Operations", u.get("department").asText());
        assertEquals("PropertyHub", u.get("company").asText());
        assertEquals(List.of("customers:read", "billing"), List.of(u.get("permissions").get(0).asText(),
                u.get("permissions").get(1).asText()));
        assertTrue(u.get("isActive").asBoolean());
        assertEquals("active", u.get("status").asText());

        URI location = URI.create(r.header("Location"));
        assertEquals("/api/users/" + id(u), location.getPath());
        assertEquals(u, expect(superAdmin.get(location.getPath()), 200).json(), "GET Location answers what POST did");
    }

    @Test
    void aCreatedUserLogsInWithTheirPassword() {
        Map<String, Object> body = body(Nodes.unique("Login"), "SUPPORT");
        JsonNode u = expect(superAdmin.post("/api/users", body), 201).json();
        ApiClient client = node.api().login(((String) body.get("email")).toUpperCase(), (String) body.get("password"));
        assertEquals(id(u), client.get("/api/auth/me").json().get("id").asText());
    }

    @Test
    void getAnswersTheUser() {
        JsonNode u = Fixtures.staff(superAdmin, "SUPPORT");
        ApiResponse r = expect(support.get("/api/users/" + id(u)), 200);
        assertUser(r.json(), null);
        assertEquals(u, r.json());
        assertNoSecrets(r);
    }

    @Test
    void listAnswersInternalStaffOnly() {
        Fixtures.customerUser(superAdmin, customerId, "OWNER");
        ApiResponse r = admin.get("/api/users?limit=200");
        JsonNode page = assertPage(r, 200, 0);
        assertNoSecrets(r);
        assertTrue(page.get("total").asInt() >= 3);
        for (JsonNode u : page.get("items")) {
            assertUser(u, null);
            assertTrue(Set.of("SUPER_ADMIN", "ADMIN", "SUPPORT").contains(u.get("role").asText()), u::toString);
        }
    }

    @Test
    void listFiltersByQueryAndRole() {
        String word = Nodes.unique("Team");
        String a = id(expect(superAdmin.post("/api/users", body(word + " Ann", "ADMIN")), 201).json());
        String s = id(expect(superAdmin.post("/api/users", body(word + " Sue", "SUPPORT")), 201).json());
        assertEquals(Set.of(a, s), Set.copyOf(ids(support.get("/api/users?q=" + word.toUpperCase()))));
        assertEquals(List.of(s), ids(support.get("/api/users?q=" + word + "&role=SUPPORT")));
        assertEquals(List.of(a), ids(support.get("/api/users?q=" + word + "&role=ADMIN")));
        JsonNode page = assertPage(support.get("/api/users?q=" + word + "&limit=1&offset=1"), 1, 1);
        assertEquals(2, page.get("total").asInt());
        assertEquals(List.of(a), ids(support.get("/api/users?q=" + word + "&limit=1&offset=1")), "newest first");
    }

    @Test
    void putReplacesTheUserAndKeepsThePassword() {
        Map<String, Object> created = body(Nodes.unique("Put"), "SUPPORT");
        JsonNode before = expect(superAdmin.post("/api/users", created), 201).json();
        Map<String, Object> replacement = new HashMap<>(Map.of("name", "Replaced Name",
                "email", Nodes.unique("replaced") + "@propertyhub.test", "role", "ADMIN", "department", "Sales",
                "company", "PH", "permissions", List.of("x"), "isActive", true));
        ApiResponse r = expect(superAdmin.put("/api/users/" + id(before), replacement), 200);
        JsonNode after = r.json();
        assertUser(after, null);
        assertNoSecrets(r);
        assertEquals(id(before), id(after));
        assertEquals("Replaced Name", after.get("name").asText());
        assertEquals(replacement.get("email"), after.get("email").asText());
        assertEquals("ADMIN", after.get("role").asText());
        assertEquals("Sales", after.get("department").asText());
        assertEquals(before.get("createdAt"), after.get("createdAt"));
        assertEquals(after, superAdmin.get("/api/users/" + id(before)).json());
        node.api().login((String) replacement.get("email"), (String) created.get("password"));
    }

    @Test
    void patchChangesOnlyTheFieldsItNames() {
        JsonNode before = Fixtures.staff(superAdmin, "SUPPORT");
        JsonNode after = expect(superAdmin.patch("/api/users/" + id(before), Map.of("department", "Billing")), 200)
                .json();
        assertUser(after, null);
        assertEquals("Billing", after.get("department").asText());
        for (String field : List.of("id", "name", "email", "role", "company", "permissions", "isActive", "createdAt")) {
            assertEquals(before.get(field), after.get(field), field);
        }
    }

    @Test
    void patchingThePasswordChangesTheLogin() {
        JsonNode u = Fixtures.staff(superAdmin, "SUPPORT");
        String email = u.get("email").asText();
        ApiResponse r = expect(superAdmin.patch("/api/users/" + id(u), Map.of("password", "a-new-password-9")), 200);
        assertNoSecrets(r, "a-new-password-9");
        assertError(node.api().post("/api/auth/login", Map.of("email", email, "password", Fixtures.PASSWORD)),
                401, "invalid_credentials");
        node.api().login(email, "a-new-password-9");
    }

    @Test
    void patchCanDeactivateAndReactivate() {
        JsonNode u = Fixtures.staff(superAdmin, "SUPPORT");
        JsonNode off = expect(superAdmin.patch("/api/users/" + id(u), Map.of("isActive", false)), 200).json();
        assertFalse(off.get("isActive").asBoolean());
        assertEquals("inactive", off.get("status").asText());
        JsonNode on = expect(superAdmin.patch("/api/users/" + id(u), Map.of("isActive", true)), 200).json();
        assertEquals("active", on.get("status").asText());
        Fixtures.loginAs(superAdmin, u);
    }

    @Test
    void deleteAnswers204AndTheUserIsGone() {
        JsonNode u = Fixtures.staff(superAdmin, "ADMIN");
        ApiResponse r = superAdmin.delete("/api/users/" + id(u));
        assertEquals(204, r.status(), r::toString);
        assertTrue(r.body() == null || r.body().isEmpty(), r::toString);
        assertError(superAdmin.get("/api/users/" + id(u)), 404, "not_found");
        assertError(superAdmin.delete("/api/users/" + id(u)), 404, "not_found");
        assertEquals(0, superAdmin.get("/api/users?q=" + u.get("email").asText()).json().get("total").asInt());
    }

    @Test
    void aSuperAdminCanDemoteAnotherSuperAdmin() {
        JsonNode second = Fixtures.staff(superAdmin, "SUPER_ADMIN");
        assertEquals("ADMIN", expect(superAdmin.patch("/api/users/" + id(second), Map.of("role", "ADMIN")), 200)
                .json().get("role").asText());
    }

    // -------------------------------------------------------------------------------------------------- refusals

    @Test
    void adminsOtherThanSuperAdminCannotWriteUsers() {
        JsonNode target = Fixtures.staff(superAdmin, "SUPPORT");
        for (ApiClient client : List.of(admin, support)) {
            String name = Nodes.unique("Forbidden");
            assertError(client.post("/api/users", body(name, "SUPPORT")), 403, "forbidden");
            assertNotStored(name);
            assertError(client.put("/api/users/" + id(target), body(name, "SUPER_ADMIN")), 403, "forbidden");
            assertError(client.patch("/api/users/" + id(target), Map.of("role", "SUPER_ADMIN")), 403, "forbidden");
            assertError(client.delete("/api/users/" + id(target)), 403, "forbidden");
        }
        assertEquals(target, superAdmin.get("/api/users/" + id(target)).json());
    }

    @Test
    void aSuperAdminCannotDeleteTheirOwnAccount() {
        assertError(superAdmin.delete("/api/users/" + superAdminId), 409, "cannot_delete_self");
        expect(superAdmin.get("/api/users/" + superAdminId), 200);
    }

    @Test
    void theLastActiveSuperAdminCannotBeDemotedOrDeactivated() {
        // make the bootstrap admin the only active SUPER_ADMIN, whatever other tests created
        for (JsonNode u : superAdmin.get("/api/users?role=SUPER_ADMIN&limit=200").json().get("items")) {
            if (!id(u).equals(superAdminId) && u.get("isActive").asBoolean()) {
                expect(superAdmin.patch("/api/users/" + id(u), Map.of("isActive", false)), 200);
            }
        }
        JsonNode before = superAdmin.get("/api/users/" + superAdminId).json();
        assertError(superAdmin.patch("/api/users/" + superAdminId, Map.of("role", "ADMIN")), 409, "last_super_admin");
        assertError(superAdmin.patch("/api/users/" + superAdminId, Map.of("isActive", false)), 409, "last_super_admin");
        assertEquals(before, superAdmin.get("/api/users/" + superAdminId).json());
    }

    @Test
    void badListParametersAre400() {
        for (String query : List.of("role=OWNER", "role=bogus", "limit=abc", "offset=-3", "q=x%00y")) {
            assertError(support.get("/api/users?" + query), 400, "invalid_parameter");
        }
    }

    @Test
    void unknownIdsAre404ForEveryMethod() {
        for (String id : List.of(UUID.randomUUID().toString(), "nope", "00000000-0000-0000-0000-00000000000g")) {
            String path = "/api/users/" + id;
            assertError(superAdmin.get(path), 404, "not_found");
            assertError(superAdmin.put(path, body(Nodes.unique("Ghost"), "ADMIN")), 404, "not_found");
            assertError(superAdmin.patch(path, Map.of("name", "Ghost")), 404, "not_found");
            assertError(superAdmin.delete(path), 404, "not_found");
        }
    }

    @Test
    void customerSideUsersAreNotFoundUnderUsers() {
        JsonNode owner = Fixtures.customerUser(superAdmin, customerId, "OWNER");
        String path = "/api/users/" + id(owner);
        assertError(superAdmin.get(path), 404, "not_found");
        assertError(superAdmin.put(path, body(Nodes.unique("Hijack"), "ADMIN")), 404, "not_found");
        assertError(superAdmin.patch(path, Map.of("role", "ADMIN")), 404, "not_found");
        assertError(superAdmin.delete(path), 404, "not_found");
        Fixtures.loginAs(superAdmin, owner);
    }

    @Test
    void wrongMethodsAre405() {
        for (ApiResponse r : List.of(superAdmin.patch("/api/users", Map.of()), superAdmin.delete("/api/users"),
                superAdmin.post("/api/users/" + superAdminId, Map.of()))) {
            assertError(r, 405, "method_not_allowed");
        }
    }

    @Test
    void duplicateEmailIs409AndStoresNothing() {
        JsonNode existing = Fixtures.staff(superAdmin, "SUPPORT");
        JsonNode customerSide = Fixtures.customerUser(superAdmin, customerId, "TENANT");
        for (JsonNode taken : List.of(existing, customerSide)) {
            String name = Nodes.unique("Duplicate");
            Map<String, Object> body = body(name, "ADMIN");
            body.put("email", taken.get("email").asText().toUpperCase());
            ApiResponse r = superAdmin.post("/api/users", body);
            assertError(r, 409, "email_taken");
            assertEquals(Set.of("email"), detailFields(r));
            assertNotStored(name);
        }
    }

    @Test
    void changingToAnotherUsersEmailIs409AndChangesNothing() {
        JsonNode a = Fixtures.staff(superAdmin, "SUPPORT");
        JsonNode b = Fixtures.staff(superAdmin, "SUPPORT");
        assertError(superAdmin.patch("/api/users/" + id(b), Map.of("email", a.get("email").asText(), "name", "New")),
                409, "email_taken");
        assertEquals(b, superAdmin.get("/api/users/" + id(b)).json());
    }

    @Test
    void createNamesEveryMissingRequiredField() {
        ApiResponse r = superAdmin.post("/api/users", Map.of("department", "Ops"));
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("name", "email", "password", "role"), detailFields(r));
    }

    @Test
    void invalidFieldsAre422NamingEachFieldAndStoreNothing() {
        List<Invalid> cases = List.of(
                new Invalid("email", "no-at-sign", "email"),
                new Invalid("password", "short", "password"),
                new Invalid("password", "é".repeat(40), "password"),
                new Invalid("name", "  ", "name"),
                new Invalid("department", "Ops\u0000", "department"),
                new Invalid("permissions", List.of("ok", "not ok"), "permissions[1]"),
                new Invalid("permissions", java.util.Arrays.asList("ok", null), "permissions[1]"),
                new Invalid("permissions", "all", "permissions"),
                new Invalid("role", "OWNER", "role"),
                new Invalid("role", "ROOT", "role"),
                new Invalid("isActive", "yes", "isActive"),
                new Invalid("customerId", customerId, "customerId"));
        for (Invalid invalid : cases) {
            String name = Nodes.unique("Invalid");
            Map<String, Object> body = body(name, "SUPPORT");
            body.put(invalid.field(), invalid.value());
            ApiResponse r = superAdmin.post("/api/users", body);
            assertError(r, 422, "validation_failed");
            assertEquals(Set.of(invalid.detail()), detailFields(r), invalid::toString);
            assertNotStored(name);
            assertNotStored((String) body.get("email"));
        }
    }

    @Test
    void putRequiresNameEmailAndRole() {
        JsonNode u = Fixtures.staff(superAdmin, "SUPPORT");
        ApiResponse r = superAdmin.put("/api/users/" + id(u), Map.of("department", "Ops"));
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("name", "email", "role"), detailFields(r));
        assertEquals(u, superAdmin.get("/api/users/" + id(u)).json());
    }

    @Test
    void invalidPatchChangesNothing() {
        JsonNode u = Fixtures.staff(superAdmin, "SUPPORT");
        String path = "/api/users/" + id(u);
        assertError(superAdmin.patch(path, Map.of("role", "TENANT", "name", "X")), 422, "validation_failed");
        assertError(superAdmin.patch(path, Map.of("password", "1234567", "name", "X")), 422, "validation_failed");
        assertError(superAdmin.patch(path, Map.of("password", "ü".repeat(50), "name", "X")), 422, "validation_failed");
        assertError(superAdmin.send("PATCH", path, "{\"name\":\"X\"", "application/json"), 400, "malformed_json");
        assertEquals(u, superAdmin.get(path).json());
        Fixtures.loginAs(superAdmin, u);
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /** One field set to a value that must be refused, and the field the 422 must name. */
    private record Invalid(String field, Object value, String detail) {
    }

    @Test
    void listSortsByNameEmailRoleOrCreationAndRefusesOtherColumns() {
        String word = Nodes.unique("Crew");
        String zed = id(expect(superAdmin.post("/api/users", body(word + " zed", "ADMIN")), 201).json());
        String amy = id(expect(superAdmin.post("/api/users", body(word + " Amy", "SUPPORT")), 201).json());
        assertEquals(List.of(amy, zed), ids(support.get("/api/users?q=" + word + "&sort=name")));
        assertEquals(List.of(zed, amy), ids(support.get("/api/users?q=" + word + "&sort=-name")));
        assertEquals(List.of(zed, amy), ids(support.get("/api/users?q=" + word + "&sort=role")),
                "ADMIN before SUPPORT");
        ApiResponse r = support.get("/api/users?sort=passwordHash");
        assertError(r, 400, "invalid_parameter");
        assertEquals(Set.of("sort"), detailFields(r));
    }

    @Test
    void totalsCountStaffActiveStaffAndSuperAdmins() {
        JsonNode before = expect(support.get("/api/users/totals"), 200).json();
        String id = id(expect(superAdmin.post("/api/users", body(Nodes.unique("Tally"), "SUPER_ADMIN")), 201).json());
        expect(superAdmin.patch("/api/users/" + id, Map.of("isActive", false)), 200);
        JsonNode after = expect(support.get("/api/users/totals"), 200).json();
        assertEquals(before.get("users").asLong() + 1, after.get("users").asLong());
        assertEquals(before.get("active").asLong(), after.get("active").asLong());
        assertEquals(before.get("superAdmins").asLong() + 1, after.get("superAdmins").asLong());
    }

    private static Map<String, Object> body(String name, String role) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("email", name.toLowerCase().replaceAll("[^a-z0-9]", "") + "@propertyhub.test");
        body.put("password", "pw-" + UUID.randomUUID());
        body.put("role", role);
        body.put("department", "Operations");
        body.put("company", "PropertyHub");
        body.put("permissions", List.of("customers:read", "billing"));
        return body;
    }

    private static void assertNotStored(String name) {
        JsonNode page = assertPage(superAdmin.get("/api/users?q=" + name), 50, 0);
        assertEquals(0, page.get("total").asInt(), () -> "a user named " + name + " was stored: " + page);
    }

    private static String id(JsonNode node) {
        return node.get("id").asText();
    }
}

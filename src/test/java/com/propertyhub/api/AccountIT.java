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
import org.junit.jupiter.api.Test;

/**
 * {@code /api/account}: a customer-side user's own customer, and the OWNER's management of its managers and
 * tenants. Each test works on a customer of its own ({@link Team}).
 */
class AccountIT extends NodeTest {

    // -------------------------------------------------------------------------------------------- /api/account

    @Test
    void everyoneOnTheCustomerReadsTheirOwnAccount() {
        Team team = Team.create();
        JsonNode expected = admin.get("/api/customers/" + team.customerId).json();
        for (ApiClient client : List.of(team.owner, team.manager, team.tenant)) {
            ApiResponse r = expect(client.get("/api/account"), 200);
            assertCustomer(r.json());
            assertEquals(expected, r.json());
        }
    }

    @Test
    void ownerUpdatesTheAccount() {
        Team team = Team.create();
        JsonNode before = admin.get("/api/customers/" + team.customerId).json();
        String company = Nodes.unique("Renamed");
        Map<String, Object> body = Map.of("company", company, "owner", "New Owner",
                "email", company.toLowerCase() + "@account.example", "phone", "+44 20 7946 0000");
        ApiResponse r = expect(team.owner.put("/api/account", body), 200);
        JsonNode after = r.json();
        assertCustomer(after);
        assertEquals(company, after.get("company").asText());
        assertEquals("New Owner", after.get("owner").asText());
        assertEquals(body.get("email"), after.get("email").asText());
        assertEquals("+44 20 7946 0000", after.get("phone").asText());
        for (String field : List.of("id", "status", "plan", "_count", "createdAt")) {
            assertEquals(before.get(field), after.get(field), field);
        }
        assertEquals(after, admin.get("/api/customers/" + team.customerId).json(), "admins see the change");
        assertEquals(after, team.tenant.get("/api/account").json());
    }

    @Test
    void managerAndTenantCannotUpdateTheAccount() {
        Team team = Team.create();
        JsonNode before = team.owner.get("/api/account").json();
        for (ApiClient client : List.of(team.manager, team.tenant)) {
            assertError(client.put("/api/account", accountBody()), 403, "forbidden");
        }
        assertEquals(before, team.owner.get("/api/account").json());
    }

    @Test
    void adminsHaveNoAccount() {
        ApiClient support = Fixtures.loginAs(admin, Fixtures.staff(admin, "SUPPORT"));
        ApiClient plainAdmin = Fixtures.loginAs(admin, Fixtures.staff(admin, "ADMIN"));
        for (ApiClient client : List.of(admin, plainAdmin, support)) {
            assertError(client.get("/api/account"), 403, "forbidden");
            assertError(client.put("/api/account", accountBody()), 403, "forbidden");
            assertError(client.get("/api/account/users"), 403, "forbidden");
            assertError(client.post("/api/account/users", userBody("TENANT")), 403, "forbidden");
        }
    }

    @Test
    void ownerCannotChangeStatusOrPlan() {
        Team team = Team.create();
        JsonNode before = team.owner.get("/api/account").json();
        Map<String, Object> body = new HashMap<>(accountBody());
        body.put("status", "active");
        ApiResponse status = team.owner.put("/api/account", body);
        assertError(status, 422, "validation_failed");
        assertEquals(Set.of("status"), detailFields(status));
        body.remove("status");
        body.put("plan", Map.of("name", "Free", "monthlyPrice", 0));
        assertEquals(Set.of("plan"), detailFields(assertStatus(team.owner.put("/api/account", body), 422)));
        assertEquals(before, team.owner.get("/api/account").json());
    }

    @Test
    void accountUpdateValidatesAndChangesNothingWhenRefused() {
        Team team = Team.create();
        JsonNode before = team.owner.get("/api/account").json();
        ApiResponse missing = team.owner.put("/api/account", Map.of("phone", "123"));
        assertError(missing, 422, "validation_failed");
        assertEquals(Set.of("company", "owner", "email"), detailFields(missing));
        Map<String, Object> bad = new HashMap<>(accountBody());
        bad.put("email", "nope");
        bad.put("phone", "not a phone");
        assertEquals(Set.of("email", "phone"), detailFields(assertStatus(team.owner.put("/api/account", bad), 422)));
        assertError(team.owner.send("PUT", "/api/account", "{\"company\":", "application/json"), 400, "malformed_json");
        assertError(team.owner.send("PUT", "/api/account", ApiClient.json(accountBody()), "text/plain"),
                415, "unsupported_media_type");
        assertError(team.owner.patch("/api/account", accountBody()), 405, "method_not_allowed");
        assertEquals(before, team.owner.get("/api/account").json());
    }

    @Test
    void anotherCustomersEmailIs409() {
        Team team = Team.create();
        JsonNode other = Fixtures.customer(admin, Nodes.unique("Other"));
        JsonNode before = team.owner.get("/api/account").json();
        Map<String, Object> body = new HashMap<>(accountBody());
        body.put("email", other.get("email").asText());
        assertError(team.owner.put("/api/account", body), 409, "email_taken");
        assertEquals(before, team.owner.get("/api/account").json());
    }

    // -------------------------------------------------------------------------------------- /api/account/users

    @Test
    void ownerAndManagerListTheCustomersUsers() {
        Team team = Team.create();
        for (ApiClient client : List.of(team.owner, team.manager)) {
            ApiResponse r = client.get("/api/account/users");
            JsonNode page = assertPage(r, 50, 0);
            assertNoSecrets(r, Fixtures.PASSWORD);
            assertEquals(3, page.get("total").asInt());
            page.get("items").forEach(u -> assertUser(u, team.customerId));
            assertEquals(Set.of(team.ownerId, team.managerId, team.tenantId), Set.copyOf(ids(r)));
            assertEquals(1, client.get("/api/account/users?limit=1").json().get("items").size());
        }
    }

    @Test
    void tenantCannotListAccountUsers() {
        Team team = Team.create();
        assertError(team.tenant.get("/api/account/users"), 403, "forbidden");
        assertError(team.tenant.get("/api/account/users/" + team.managerId), 403, "forbidden");
    }

    @Test
    void ownerAndManagerReadOneUser() {
        Team team = Team.create();
        JsonNode expected = admin.get("/api/customers/" + team.customerId + "/users/" + team.tenantId).json();
        for (ApiClient client : List.of(team.owner, team.manager)) {
            ApiResponse r = expect(client.get("/api/account/users/" + team.tenantId), 200);
            assertNoSecrets(r);
            assertEquals(expected, r.json());
        }
    }

    @Test
    void ownerCreatesManagersAndTenants() {
        Team team = Team.create();
        for (String role : List.of("MANAGER", "TENANT")) {
            Map<String, Object> body = userBody(role);
            ApiResponse r = team.owner.post("/api/account/users", body);
            assertEquals(201, r.status(), r::toString);
            assertNoSecrets(r, (String) body.get("password"));
            JsonNode u = r.json();
            assertUser(u, team.customerId);
            assertEquals(role, u.get("role").asText());
            URI location = URI.create(r.header("Location"));
            assertEquals("/api/account/users/" + id(u), location.getPath());
            assertEquals(u, expect(team.owner.get(location.getPath()), 200).json());
            node.api().login((String) body.get("email"), (String) body.get("password"));
        }
        assertEquals(5, team.owner.get("/api/account").json().get("_count").get("users").asInt());
    }

    @Test
    void ownerCannotCreateOwnersOrStaff() {
        Team team = Team.create();
        for (String role : List.of("OWNER", "ADMIN", "SUPER_ADMIN", "SUPPORT")) {
            ApiResponse r = team.owner.post("/api/account/users", userBody(role));
            assertError(r, 422, "validation_failed");
            assertEquals(Set.of("role"), detailFields(r));
        }
        assertEquals(3, team.owner.get("/api/account/users").json().get("total").asInt());
    }

    @Test
    void managerCannotManageUsers() {
        Team team = Team.create();
        JsonNode tenantBefore = team.owner.get("/api/account/users/" + team.tenantId).json();
        assertError(team.manager.post("/api/account/users", userBody("TENANT")), 403, "forbidden");
        assertError(team.manager.patch("/api/account/users/" + team.tenantId, Map.of("name", "X")), 403, "forbidden");
        assertError(team.manager.delete("/api/account/users/" + team.tenantId), 403, "forbidden");
        assertEquals(3, team.owner.get("/api/account/users").json().get("total").asInt());
        assertEquals(tenantBefore, team.owner.get("/api/account/users/" + team.tenantId).json());
    }

    @Test
    void ownerPatchesManagersAndTenants() {
        Team team = Team.create();
        JsonNode promoted = expect(team.owner.patch("/api/account/users/" + team.tenantId,
                Map.of("role", "MANAGER", "name", "Promoted")), 200).json();
        assertUser(promoted, team.customerId);
        assertEquals("MANAGER", promoted.get("role").asText());
        assertEquals("Promoted", promoted.get("name").asText());
        assertError(team.owner.patch("/api/account/users/" + team.managerId, Map.of("role", "OWNER")),
                422, "validation_failed");
        assertEquals("MANAGER", team.owner.get("/api/account/users/" + team.managerId).json().get("role").asText());
    }

    @Test
    void ownerCannotManageOwners() {
        Team team = Team.create();
        JsonNode second = Fixtures.customerUser(admin, team.customerId, "OWNER");
        for (String ownerId : List.of(team.ownerId, id(second))) {
            JsonNode before = team.owner.get("/api/account/users/" + ownerId).json();
            assertError(team.owner.patch("/api/account/users/" + ownerId, Map.of("isActive", false)), 403, "forbidden");
            assertError(team.owner.delete("/api/account/users/" + ownerId), 403, "forbidden");
            assertEquals(before, team.owner.get("/api/account/users/" + ownerId).json());
        }
    }

    @Test
    void ownerDeletesATenant() {
        Team team = Team.create();
        ApiResponse r = team.owner.delete("/api/account/users/" + team.tenantId);
        assertEquals(204, r.status(), r::toString);
        assertError(team.owner.get("/api/account/users/" + team.tenantId), 404, "not_found");
        assertError(team.owner.delete("/api/account/users/" + team.tenantId), 404, "not_found");
        assertEquals(2, team.owner.get("/api/account").json().get("_count").get("users").asInt());
        assertError(node.api().post("/api/auth/login", Map.of("email", team.tenantEmail, "password",
                Fixtures.PASSWORD)),
                401, "invalid_credentials");
    }

    @Test
    void anOwnerNeverReachesAnotherCustomersUsers() {
        Team a = Team.create();
        Team b = Team.create();
        JsonNode tenantOfA = a.owner.get("/api/account/users/" + a.tenantId).json();
        for (ApiClient client : List.of(b.owner, b.manager)) {
            assertError(client.get("/api/account/users/" + a.tenantId), 404, "not_found");
            assertTrue(!ids(client.get("/api/account/users")).contains(a.tenantId));
        }
        assertError(b.owner.patch("/api/account/users/" + a.tenantId, Map.of("name", "Stolen")), 404, "not_found");
        assertError(b.owner.patch("/api/account/users/" + a.ownerId, Map.of("name", "Stolen")), 404, "not_found");
        assertError(b.owner.delete("/api/account/users/" + a.tenantId), 404, "not_found");
        assertError(b.owner.delete("/api/account/users/" + a.managerId), 404, "not_found");
        assertEquals(tenantOfA, a.owner.get("/api/account/users/" + a.tenantId).json());
        assertEquals(3, a.owner.get("/api/account/users").json().get("total").asInt());
    }

    @Test
    void internalUsersAreNotFoundUnderTheAccount() {
        Team team = Team.create();
        JsonNode staff = Fixtures.staff(admin, "SUPPORT");
        assertError(team.owner.get("/api/account/users/" + id(staff)), 404, "not_found");
        assertError(team.owner.patch("/api/account/users/" + id(staff), Map.of("isActive", false)), 404, "not_found");
        assertError(team.owner.delete("/api/account/users/" + id(staff)), 404, "not_found");
        assertEquals(staff, admin.get("/api/users/" + id(staff)).json());
        assertError(team.owner.get("/api/account/users/not-a-uuid"), 404, "not_found");
        assertError(team.owner.get("/api/account/users/" + UUID.randomUUID()), 404, "not_found");
    }

    @Test
    void accountUserWritesAreValidatedAndStoreNothingWhenRefused() {
        Team team = Team.create();
        ApiResponse missing = team.owner.post("/api/account/users", Map.of());
        assertError(missing, 422, "validation_failed");
        assertEquals(Set.of("name", "email", "password", "role"), detailFields(missing));
        Map<String, Object> duplicate = userBody("TENANT");
        duplicate.put("email", team.tenantEmail.toUpperCase());
        assertError(team.owner.post("/api/account/users", duplicate), 409, "email_taken");
        Map<String, Object> sneaky = userBody("TENANT");
        sneaky.put("customerId", UUID.randomUUID().toString());
        assertEquals(Set.of("customerId"),
                detailFields(assertStatus(team.owner.post("/api/account/users", sneaky), 422)));
        assertError(team.owner.send("POST", "/api/account/users", "[", "application/json"), 400, "malformed_json");
        assertError(team.owner.send("POST", "/api/account/users", ApiClient.json(userBody("TENANT")), "text/plain"),
                415, "unsupported_media_type");
        assertEquals(3, team.owner.get("/api/account/users").json().get("total").asInt());
        JsonNode tenant = team.owner.get("/api/account/users/" + team.tenantId).json();
        assertError(team.owner.patch("/api/account/users/" + team.tenantId, Map.of("email", "x")), 422,
                "validation_failed");
        assertError(team.owner.patch("/api/account/users/" + team.tenantId, Map.of("email", team.managerEmail)),
                409, "email_taken");
        assertEquals(tenant, team.owner.get("/api/account/users/" + team.tenantId).json());
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /** A fresh customer with one OWNER, MANAGER and TENANT, each logged in. */
    private record Team(String customerId, ApiClient owner, ApiClient manager, ApiClient tenant,
                        String ownerId, String managerId, String tenantId, String managerEmail, String tenantEmail) {
        static Team create() {
            String customerId = id(Fixtures.customer(admin, Nodes.unique("Team")));
            JsonNode owner = Fixtures.customerUser(admin, customerId, "OWNER");
            JsonNode manager = Fixtures.customerUser(admin, customerId, "MANAGER");
            JsonNode tenant = Fixtures.customerUser(admin, customerId, "TENANT");
            return new Team(customerId, Fixtures.loginAs(admin, owner), Fixtures.loginAs(admin, manager),
                    Fixtures.loginAs(admin, tenant), id(owner), id(manager), id(tenant),
                    manager.get("email").asText(), tenant.get("email").asText());
        }
    }

    private static ApiResponse assertStatus(ApiResponse r, int status) {
        assertError(r, status, null);
        return r;
    }

    private static Map<String, Object> accountBody() {
        String company = Nodes.unique("Acct");
        return Map.of("company", company, "owner", "Owner", "email", company.toLowerCase() + "@account.example");
    }

    private static Map<String, Object> userBody(String role) {
        String name = Nodes.unique(role.toLowerCase().replace("_", ""));
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Person " + name);
        body.put("email", name + "@account.test");
        body.put("password", "pw-" + UUID.randomUUID());
        body.put("role", role);
        return body;
    }

    private static String id(JsonNode node) {
        return node.get("id").asText();
    }
}

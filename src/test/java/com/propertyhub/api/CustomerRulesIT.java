package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;
import static com.propertyhub.api.Contract.detailFields;
import static com.propertyhub.property.PropertyFixtures.id;
import static com.propertyhub.property.PropertyFixtures.property;
import static com.propertyhub.property.PropertyFixtures.rent;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeTest;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The business rules a property manager expects of the API: a suspended or cancelled customer is read-only for its
 * own users, rent is dated plausibly and paid for the rented property, a tenant reports repairs for their own home,
 * and a customer is never left without an active OWNER.
 */
class CustomerRulesIT extends NodeTest {

    /** A customer with an owner, a manager, a tenant renting {@code home}, and a second property. */
    private record Team(String customerId, JsonNode ownerUser, ApiClient owner, ApiClient manager, JsonNode tenantUser,
                        ApiClient tenant, JsonNode home, JsonNode other) {
        static Team create() {
            String customerId = id(Fixtures.customer(admin, Nodes.unique("Rules")));
            JsonNode ownerUser = Fixtures.customerUser(admin, customerId, "OWNER");
            ApiClient owner = Fixtures.loginAs(admin, ownerUser);
            ApiClient manager = Fixtures.loginAs(admin, Fixtures.customerUser(admin, customerId, "MANAGER"));
            JsonNode tenantUser = Fixtures.customerUser(admin, customerId, "TENANT");
            JsonNode home = property(owner, "Home");
            JsonNode other = property(owner, "Other");
            rent(owner, home, tenantUser);
            return new Team(customerId, ownerUser, owner, manager, tenantUser, Fixtures.loginAs(admin, tenantUser),
                    home, other);
        }

        String users() {
            return "/api/customers/" + customerId + "/users";
        }
    }

    // ------------------------------------------------------------------------------ a read-only customer's users

    @Test
    void aSuspendedCustomersUsersReadButEveryWriteIsRefused() {
        assertReadOnlyWhen("suspended", "customer_suspended");
    }

    @Test
    void aCancelledCustomersUsersReadButEveryWriteIsRefused() {
        assertReadOnlyWhen("cancelled", "customer_cancelled");
    }

    private void assertReadOnlyWhen(String status, String code) {
        Team team = Team.create();
        String request = id(expect(team.tenant.post("/api/maintenance",
                Map.of("title", "Leak", "description", "The roof leaks")), 201).json());
        JsonNode spare = Fixtures.customerUser(admin, team.customerId, "TENANT");
        expect(admin.patch("/api/customers/" + team.customerId, Map.of("status", status)), 200);

        // Each write endpoint a customer's user can call, by a role that may call it while the customer is active.
        List<Write> writes = List.of(
                new Write(team.owner, "PUT", "/api/account", Map.of("company", "Renamed", "owner", "New Owner",
                        "email", admin.get("/api/customers/" + team.customerId).json().get("email").asText())),
                new Write(team.owner, "POST", "/api/account/users", Map.of("name", "New", "email",
                        Nodes.unique("new") + "@customer.test", "password", Fixtures.PASSWORD, "role", "TENANT")),
                new Write(team.owner, "PATCH", "/api/account/users/" + id(spare), Map.of("name", "Renamed")),
                new Write(team.manager, "POST", "/api/properties", Map.of("name", "Third")),
                new Write(team.manager, "PUT", "/api/properties/" + id(team.other),
                        Map.of("name", "Renamed", "units", 2)),
                new Write(team.manager, "PATCH", "/api/properties/" + id(team.other), Map.of("name", "Renamed")),
                new Write(team.tenant, "POST", "/api/payments", Map.of("amount", 10)),
                new Write(team.manager, "POST", "/api/payments", Map.of("tenantId", id(team.tenantUser), "amount", 10)),
                new Write(team.tenant, "POST", "/api/maintenance", Map.of("title", "Again", "description", "Again")),
                new Write(team.manager, "PATCH", "/api/maintenance/" + request, Map.of("status", "closed")),
                new Write(team.tenant, "POST", "/api/maintenance/" + request + "/comments", Map.of("body", "Hello?")),
                new Write(team.manager, "POST", "/api/maintenance/" + request + "/typing", Map.of()),
                new Write(team.manager, "PUT", "/api/properties/" + id(team.other) + "/tenants/" + id(spare), Map.of()),
                new Write(team.manager, "DELETE", "/api/properties/" + id(team.home) + "/tenants/"
                        + id(team.tenantUser),
                        null),
                new Write(team.owner, "DELETE", "/api/account/users/" + id(spare), null),
                new Write(team.owner, "DELETE", "/api/properties/" + id(team.other), null));

        Map<String, JsonNode> before = state(team);
        for (Write w : writes) {
            ApiResponse r = w.client.send(w.method, w.path, w.body == null ? null : ApiClient.json(w.body),
                    w.body == null ? null : "application/json");
            assertError(r, 403, code);
        }
        assertEquals(before, state(team), "a refused write changed nothing");

        // Reading, streaming, signing in and one's own inbox stay open.
        for (ApiClient user : List.of(team.owner, team.manager, team.tenant)) {
            expect(user.get("/api/account"), 200);
            expect(user.get("/api/properties"), 200);
            expect(user.get("/api/payments"), 200);
            expect(user.get("/api/maintenance/" + request), 200);
            expect(user.get("/api/notifications"), 200);
            expect(user.post("/api/notifications/read-all", Map.of()), 200);
            expect(user.post("/api/auth/stream-ticket", Map.of()), 200);
            expect(user.delete("/api/events/" + UUID.randomUUID()), 204);
        }
        Fixtures.loginAs(admin, team.tenantUser);

        // Admins are not affected, and reactivating the customer gives its users their writes back.
        expect(admin.patch(team.users() + "/" + id(spare), Map.of("name", "Renamed by staff")), 200);
        expect(admin.patch("/api/customers/" + team.customerId, Map.of("status", "active")), 200);
        expect(team.tenant.post("/api/maintenance/" + request + "/comments", Map.of("body", "Hello?")), 201);
        expect(team.manager.post("/api/properties", Map.of("name", "Third")), 201);
    }

    private record Write(ApiClient client, String method, String path, Object body) {
    }

    private static Map<String, JsonNode> state(Team team) {
        return Map.of("account", admin.get("/api/customers/" + team.customerId).json(),
                "users", admin.get(team.users()).json(),
                "properties", admin.get("/api/customers/" + team.customerId + "/properties").json(),
                "payments", team.owner.get("/api/payments").json(),
                "maintenance", team.owner.get("/api/maintenance").json());
    }

    // ----------------------------------------------------------------------------------------------- rent dates

    @Test
    void paymentsOutsideTheYears2000ToNextYearAreRefusedNamingTheField() {
        Team team = Team.create();
        int next = Year.now(ZoneOffset.UTC).getValue() + 1;
        for (String month : List.of("0000-01", "1999-12", "9999-12", (next + 1) + "-01")) {
            assertEquals(Set.of("month"), detailFields(expect(team.tenant.post("/api/payments",
                    Map.of("amount", 5, "month", month)), 422)), month);
        }
        for (String paidAt : List.of("9999-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
                (next + 1) + "-01-01T00:00:00Z")) {
            assertEquals(Set.of("paidAt"), detailFields(expect(team.tenant.post("/api/payments",
                    Map.of("amount", 5, "paidAt", paidAt, "month", "2026-01")), 422)), paidAt);
        }
        assertEquals(Set.of("month", "paidAt"), detailFields(expect(team.tenant.post("/api/payments",
                Map.of("amount", 5, "paidAt", "9999-01-01T00:00:00Z", "month", "9999-01")), 422)), "both at once");
        assertEquals(0, team.owner.get("/api/payments").json().get("total").asInt(), "nothing stored");

        expect(team.tenant.post("/api/payments", Map.of("amount", 5, "month", "2000-01",
                "paidAt", "2000-01-01T00:00:00Z")), 201);
        expect(team.manager.post("/api/payments", Map.of("tenantId", id(team.tenantUser), "amount", 5,
                "month", next + "-12", "paidAt", next + "-12-31T23:59:59Z")), 201);
    }

    // ---------------------------------------------------------------------------------- the rented property only

    @Test
    void staffRecordPaymentsOnlyForThePropertyTheTenantRents() {
        Team team = Team.create();
        for (ApiClient staff : List.of(team.owner, team.manager)) {
            assertEquals(Set.of("propertyId"), detailFields(expect(staff.post("/api/payments", Map.of(
                    "tenantId", id(team.tenantUser), "amount", 5, "propertyId", id(team.other))), 422)));
        }
        JsonNode homeless = Fixtures.customerUser(admin, team.customerId, "TENANT");
        assertEquals(Set.of("propertyId"), detailFields(expect(team.manager.post("/api/payments", Map.of(
                "tenantId", id(homeless), "amount", 5, "propertyId", id(team.home))), 422)));
        assertEquals(0, team.owner.get("/api/payments").json().get("total").asInt(), "nothing stored");

        JsonNode paid = expect(team.manager.post("/api/payments", Map.of("tenantId", id(team.tenantUser),
                "amount", 5, "propertyId", id(team.home))), 201).json();
        assertEquals(id(team.home), paid.get("propertyId").asText());
    }

    @Test
    void aTenantOpensMaintenanceRequestsOnlyForThePropertyTheyRent() {
        Team team = Team.create();
        assertEquals(Set.of("propertyId"), detailFields(expect(team.tenant.post("/api/maintenance",
                Map.of("title", "Leak", "description", "Next door", "propertyId", id(team.other))), 422)));
        assertEquals(0, team.owner.get("/api/maintenance").json().get("total").asInt(), "nothing stored");

        JsonNode mine = expect(team.tenant.post("/api/maintenance",
                Map.of("title", "Leak", "description", "At home", "propertyId", id(team.home))), 201).json();
        assertEquals(id(team.home), mine.get("propertyId").asText(), mine::toString);
        expect(team.manager.post("/api/maintenance",
                Map.of("title", "Gutter", "description", "Clean it", "propertyId", id(team.other))), 201);
    }

    // -------------------------------------------------------------------------------------------- the last owner

    @Test
    void theOnlyActiveOwnerCannotBeDemotedDeactivatedOrDeletedByAnAdmin() {
        ApiClient staffAdmin = Fixtures.loginAs(admin, Fixtures.staff(admin, "ADMIN"));
        Team team = Team.create();
        String owner = team.users() + "/" + id(team.ownerUser);
        JsonNode before = admin.get(owner).json();
        for (ApiClient client : List.of(staffAdmin, admin)) {
            assertError(client.patch(owner, Map.of("role", "MANAGER")), 409, "last_owner");
            assertError(client.patch(owner, Map.of("isActive", false)), 409, "last_owner");
            assertError(client.delete(owner), 409, "last_owner");
        }
        assertEquals(before, admin.get(owner).json(), "the owner is unchanged");

        // An inactive second owner does not count; an active one does.
        JsonNode second = Fixtures.customerUser(admin, team.customerId, "OWNER");
        expect(staffAdmin.patch(team.users() + "/" + id(second), Map.of("isActive", false)), 200);
        assertError(staffAdmin.delete(owner), 409, "last_owner");
        expect(staffAdmin.patch(team.users() + "/" + id(second), Map.of("isActive", true)), 200);
        expect(staffAdmin.patch(owner, Map.of("role", "MANAGER")), 200);
        assertError(staffAdmin.delete(team.users() + "/" + id(second)), 409, "last_owner");

        // Other changes to the last owner, and deleting the whole customer, stay possible.
        expect(staffAdmin.patch(team.users() + "/" + id(second), Map.of("name", "Still the owner")), 200);
        expect(staffAdmin.delete("/api/customers/" + team.customerId), 204);
    }
}

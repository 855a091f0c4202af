package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;
import static com.propertyhub.api.Contract.ids;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role against every endpoint: allowed exactly where API.md says, otherwise 403 with nothing changed.
 * Admins (SUPER_ADMIN, ADMIN, SUPPORT) read customers, their properties, staff and the realtime stats; SUPER_ADMIN
 * and ADMIN write customers and their users; only SUPER_ADMIN writes staff, emits, reads logged events and sets log
 * levels. Customer-side users reach {@code /api/account} (the OWNER writes, a MANAGER may also list the users, a
 * TENANT only reads the account), properties (OWNER and MANAGER write, a TENANT reads the home they rent),
 * payments and maintenance (OWNER and MANAGER change a request's status). Everyone reads their notifications,
 * presence and activity feed. An allowed call answers the caller's own data: a second customer with a property, a
 * tenant, a payment and a request is there, and nothing of it is in any customer-side user's answer.
 */
class RoleMatrixIT {
    enum Role { SUPER_ADMIN, ADMIN, SUPPORT, OWNER, MANAGER, TENANT }

    private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);
    private static final Set<Role> ADMINS = EnumSet.of(Role.SUPER_ADMIN, Role.ADMIN, Role.SUPPORT);
    private static final Set<Role> ADMIN_WRITERS = EnumSet.of(Role.SUPER_ADMIN, Role.ADMIN);
    private static final Set<Role> SUPER_ADMIN = EnumSet.of(Role.SUPER_ADMIN);
    private static final Set<Role> CUSTOMER_SIDE = EnumSet.of(Role.OWNER, Role.MANAGER, Role.TENANT);
    private static final Set<Role> OWNER_AND_MANAGER = EnumSet.of(Role.OWNER, Role.MANAGER);
    private static final Set<Role> OWNER = EnumSet.of(Role.OWNER);

    static TestNode node;
    /** The bootstrap SUPER_ADMIN: prepares targets and checks that refused calls changed nothing. */
    static ApiClient root;
    static final Map<Role, ApiClient> clients = new EnumMap<>(Role.class);
    /** The customer that the OWNER, MANAGER and TENANT belong to. */
    static String customerId;
    static String staffId;
    static String tenantId;
    static final Map<Role, JsonNode> users = new EnumMap<>(Role.class);
    /** The TENANT client's rented home, a payment of theirs and a request they opened. */
    static String propertyId;
    static String paymentId;
    static String requestId;
    /** Ids of a second customer's rows: never in an answer to the first customer's users. */
    static final Set<String> elsewhere = new java.util.HashSet<>();

    @BeforeAll
    static void start() {
        node = Nodes.start();
        root = node.api().loginAsAdmin();
        customerId = Fixtures.customer(root, "Matrix Co").get("id").asText();
        for (Role role : Role.values()) {
            JsonNode user = ADMINS.contains(role) ? Fixtures.staff(root, role.name())
                    : Fixtures.customerUser(root, customerId, role.name());
            users.put(role, user);
            clients.put(role, Fixtures.loginAs(root, user));
        }
        staffId = Fixtures.staff(root, "SUPPORT").get("id").asText();
        tenantId = Fixtures.customerUser(root, customerId, "TENANT").get("id").asText();
        ApiClient owner = clients.get(Role.OWNER);
        propertyId = newProperty();
        expect(owner.put("/api/properties/" + propertyId + "/tenants/" + id(Role.TENANT), Map.of()), 200);
        paymentId = expect(owner.post("/api/payments", Map.of("tenantId", id(Role.TENANT), "amount", 10)), 201)
                .json().get("id").asText();
        requestId = newRequest();

        String other = Fixtures.customer(root, "Elsewhere Co").get("id").asText();
        JsonNode otherOwnerUser = Fixtures.customerUser(root, other, "OWNER");
        JsonNode otherTenant = Fixtures.customerUser(root, other, "TENANT");
        ApiClient otherOwner = Fixtures.loginAs(root, otherOwnerUser);
        ApiClient otherTenantClient = Fixtures.loginAs(root, otherTenant);
        String otherProperty = expect(otherOwner.post("/api/properties", Map.of("name", "Elsewhere House",
                "units", 1)), 201).json().get("id").asText();
        expect(otherOwner.put("/api/properties/" + otherProperty + "/tenants/" + otherTenant.get("id").asText(),
                Map.of()), 200);
        String otherPayment = expect(otherOwner.post("/api/payments", Map.of("tenantId",
                otherTenant.get("id").asText(), "amount", 10)), 201).json().get("id").asText();
        String otherRequest = expect(otherTenantClient.post("/api/maintenance", Map.of("title", "Elsewhere leak",
                "description", "Elsewhere")), 201).json().get("id").asText();
        elsewhere.addAll(List.of(other, otherOwnerUser.get("id").asText(), otherTenant.get("id").asText(),
                otherProperty, otherPayment, otherRequest));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static List<Endpoint> endpoints() {
        return List.of(
                read("GET /api/auth/me", EVERYONE, () -> "/api/auth/me", (role, me) -> me.get("id").asText()
                        .equals(id(role))),
                new Endpoint("POST /api/auth/stream-ticket", EVERYONE,
                        () -> new Attempt("POST", "/api/auth/stream-ticket", Map.of(), 200, null)),
                new Endpoint("DELETE /api/events/{connectionId}", EVERYONE, () -> new Attempt("DELETE",
                        "/api/events/" + java.util.UUID.randomUUID(), null, 204, null)),

                read("GET /api/customers", ADMINS, () -> "/api/customers"),
                read("GET /api/customers/{id}", ADMINS, () -> "/api/customers/" + customerId),
                read("GET /api/customers/totals", ADMINS, () -> "/api/customers/totals"),
                new Endpoint("POST /api/customers", ADMIN_WRITERS, () -> {
                    String name = Nodes.unique("Matrix");
                    return new Attempt("POST", "/api/customers", Fixtures.customerBody(name), 201,
                            () -> total("/api/customers?q=" + name));
                }),
                new Endpoint("PUT /api/customers/{id}", ADMIN_WRITERS, () -> {
                    String id = newCustomer();
                    return new Attempt("PUT", "/api/customers/" + id, Fixtures.customerBody(Nodes.unique("Put")), 200,
                            () -> root.get("/api/customers/" + id).json());
                }),
                new Endpoint("PATCH /api/customers/{id}", ADMIN_WRITERS, () -> {
                    String id = newCustomer();
                    return new Attempt("PATCH", "/api/customers/" + id, Map.of("status", "suspended"), 200,
                            () -> root.get("/api/customers/" + id).json());
                }),
                new Endpoint("DELETE /api/customers/{id}", ADMIN_WRITERS, () -> {
                    String id = newCustomer();
                    return new Attempt("DELETE", "/api/customers/" + id, null, 204,
                            () -> root.get("/api/customers/" + id).json());
                }),

                read("GET /api/users", ADMINS, () -> "/api/users"),
                read("GET /api/users/{id}", ADMINS, () -> "/api/users/" + staffId),
                read("GET /api/users/totals", ADMINS, () -> "/api/users/totals"),
                new Endpoint("POST /api/users", SUPER_ADMIN, () -> {
                    String name = Nodes.unique("Staff");
                    return new Attempt("POST", "/api/users", Map.of("name", name, "email", name + "@propertyhub.test",
                            "password", "password-123", "role", "SUPPORT"), 201, () -> total("/api/users?q=" + name));
                }),
                new Endpoint("PUT /api/users/{id}", SUPER_ADMIN, () -> {
                    String id = newStaff();
                    String name = Nodes.unique("Put");
                    return new Attempt("PUT", "/api/users/" + id, Map.of("name", name,
                            "email", name + "@propertyhub.test", "role", "SUPER_ADMIN"), 200,
                            () -> root.get("/api/users/" + id).json());
                }),
                new Endpoint("PATCH /api/users/{id}", SUPER_ADMIN, () -> {
                    String id = newStaff();
                    return new Attempt("PATCH", "/api/users/" + id, Map.of("role", "SUPER_ADMIN"), 200,
                            () -> root.get("/api/users/" + id).json());
                }),
                new Endpoint("DELETE /api/users/{id}", SUPER_ADMIN, () -> {
                    String id = newStaff();
                    return new Attempt("DELETE", "/api/users/" + id, null, 204, () -> root.get("/api/users/" + id)
                            .json());
                }),

                read("GET /api/customers/{id}/users", ADMINS, () -> "/api/customers/" + customerId + "/users"),
                read("GET /api/customers/{id}/users/{userId}", ADMINS,
                        () -> "/api/customers/" + customerId + "/users/" + tenantId),
                new Endpoint("POST /api/customers/{id}/users", ADMIN_WRITERS, () -> new Attempt("POST",
                        "/api/customers/" + customerId + "/users", customerUserBody("OWNER"), 201,
                        RoleMatrixIT::usersOfCustomer)),
                new Endpoint("PATCH /api/customers/{id}/users/{userId}", ADMIN_WRITERS, () -> {
                    String id = newTenant();
                    return new Attempt("PATCH", "/api/customers/" + customerId + "/users/" + id,
                            Map.of("role", "OWNER"), 200, () -> customerUser(id));
                }),
                new Endpoint("DELETE /api/customers/{id}/users/{userId}", ADMIN_WRITERS, () -> {
                    String id = newTenant();
                    return new Attempt("DELETE", "/api/customers/" + customerId + "/users/" + id, null, 204,
                            () -> customerUser(id));
                }),

                read("GET /api/account", CUSTOMER_SIDE, () -> "/api/account",
                        (role, account) -> account.get("id").asText().equals(customerId)),
                new Endpoint("PUT /api/account", OWNER, () -> {
                    JsonNode current = root.get("/api/customers/" + customerId).json();
                    return new Attempt("PUT", "/api/account", Map.of("company", Nodes.unique("Matrix"),
                            "owner", "Matrix Owner", "email", current.get("email").asText()), 200,
                            () -> root.get("/api/customers/" + customerId).json());
                }),
                read("GET /api/account/users", OWNER_AND_MANAGER, () -> "/api/account/users", RoleMatrixIT::ofCustomer),
                read("GET /api/account/users/{userId}", OWNER_AND_MANAGER, () -> "/api/account/users/" + tenantId,
                        (role, user) -> user.get("id").asText().equals(tenantId)),
                new Endpoint("POST /api/account/users", OWNER, () -> new Attempt("POST", "/api/account/users",
                        customerUserBody("TENANT"), 201, RoleMatrixIT::usersOfCustomer)),
                new Endpoint("PATCH /api/account/users/{userId}", OWNER, () -> {
                    String id = newTenant();
                    return new Attempt("PATCH", "/api/account/users/" + id, Map.of("role", "MANAGER"), 200,
                            () -> customerUser(id));
                }),
                new Endpoint("DELETE /api/account/users/{userId}", OWNER, () -> {
                    String id = newTenant();
                    return new Attempt("DELETE", "/api/account/users/" + id, null, 204, () -> customerUser(id));
                }),

                read("GET /api/customers/{id}/properties", ADMINS, () -> "/api/customers/" + customerId
                        + "/properties", RoleMatrixIT::ofCustomer),
                read("GET /api/properties", CUSTOMER_SIDE, () -> "/api/properties", (role, page) ->
                        ofCustomer(role, page)
                        && (role != Role.TENANT || ids(page).equals(List.of(propertyId)))),
                read("GET /api/properties/{id}", CUSTOMER_SIDE, () -> "/api/properties/" + propertyId,
                        (role, p) -> p.get("id").asText().equals(propertyId)),
                new Endpoint("POST /api/properties", OWNER_AND_MANAGER, () -> new Attempt("POST", "/api/properties",
                        Map.of("name", Nodes.unique("Matrix House"), "units", 2), 201,
                        () -> total("/api/customers/" + customerId + "/properties"), RoleMatrixIT::ofCustomer)),
                new Endpoint("PUT /api/properties/{id}", OWNER_AND_MANAGER, () -> {
                    String id = newProperty();
                    return new Attempt("PUT", "/api/properties/" + id, Map.of("name", Nodes.unique("Put House"),
                            "units", 3), 200, () -> property(id), RoleMatrixIT::ofCustomer);
                }),
                new Endpoint("PATCH /api/properties/{id}", OWNER_AND_MANAGER, () -> {
                    String id = newProperty();
                    return new Attempt("PATCH", "/api/properties/" + id, Map.of("units", 7), 200, () -> property(id),
                            RoleMatrixIT::ofCustomer);
                }),
                new Endpoint("DELETE /api/properties/{id}", OWNER_AND_MANAGER, () -> {
                    String id = newProperty();
                    return new Attempt("DELETE", "/api/properties/" + id, null, 204, () -> property(id));
                }),
                read("GET /api/properties/{id}/tenants", OWNER_AND_MANAGER, () -> "/api/properties/" + propertyId
                        + "/tenants", (role, page) -> ids(page).equals(List.of(id(Role.TENANT)))),
                new Endpoint("PUT /api/properties/{id}/tenants/{userId}", OWNER_AND_MANAGER, () -> {
                    String id = newProperty();
                    return new Attempt("PUT", "/api/properties/" + id + "/tenants/" + newTenant(), Map.of(), 200,
                            () -> tenantsOf(id), RoleMatrixIT::ofCustomer);
                }),
                new Endpoint("DELETE /api/properties/{id}/tenants/{userId}", OWNER_AND_MANAGER, () -> {
                    String id = newProperty();
                    String tenant = newTenant();
                    expect(clients.get(Role.OWNER).put("/api/properties/" + id + "/tenants/" + tenant, Map.of()), 200);
                    return new Attempt("DELETE", "/api/properties/" + id + "/tenants/" + tenant, null, 204,
                            () -> tenantsOf(id));
                }),

                read("GET /api/payments", CUSTOMER_SIDE, () -> "/api/payments", (role, page) -> ofCustomer(role, page)
                        && ids(page).contains(paymentId)),
                read("GET /api/payments/totals", CUSTOMER_SIDE, () -> "/api/payments/totals",
                        (role, totals) -> totals.get("items").size() == 1
                                && totals.get("items").get(0).get("propertyId").asText().equals(propertyId)),
                read("GET /api/payments/{id}", CUSTOMER_SIDE, () -> "/api/payments/" + paymentId,
                        (role, payment) -> payment.get("id").asText().equals(paymentId)),
                new Endpoint("POST /api/payments", CUSTOMER_SIDE, () -> new Attempt("POST", "/api/payments",
                        Map.of("tenantId", id(Role.TENANT), "amount", 5), 201,
                        () -> countAs(Role.OWNER, "/api/payments"), RoleMatrixIT::ofCustomer)),

                read("GET /api/maintenance", CUSTOMER_SIDE, () -> "/api/maintenance",
                        (role, page) -> ofCustomer(role, page) && ids(page).contains(requestId)),
                read("GET /api/maintenance/{id}", CUSTOMER_SIDE, () -> "/api/maintenance/" + requestId,
                        (role, request) -> request.get("id").asText().equals(requestId)),
                new Endpoint("POST /api/maintenance", CUSTOMER_SIDE, () -> new Attempt("POST", "/api/maintenance",
                        Map.of("title", Nodes.unique("Leak"), "description", "Drips"), 201,
                        () -> countAs(Role.OWNER, "/api/maintenance"), RoleMatrixIT::ofCustomer)),
                new Endpoint("PATCH /api/maintenance/{id}", OWNER_AND_MANAGER, () -> {
                    String id = newRequest();
                    return new Attempt("PATCH", "/api/maintenance/" + id, Map.of("status", "in_progress"), 200,
                            () -> request(id), RoleMatrixIT::ofCustomer);
                }),
                new Endpoint("POST /api/maintenance/{id}/comments", CUSTOMER_SIDE, () -> new Attempt("POST",
                        "/api/maintenance/" + requestId + "/comments", Map.of("body", Nodes.unique("Comment")), 201,
                        () -> request(requestId).get("comments"), null)),
                new Endpoint("POST /api/maintenance/{id}/typing", CUSTOMER_SIDE, () -> new Attempt("POST",
                        "/api/maintenance/" + requestId + "/typing", Map.of(), 204, null)),

                read("GET /api/notifications", EVERYONE, () -> "/api/notifications", (role, page) -> {
                    for (JsonNode n : page.get("items")) {
                        if (!n.get("userId").asText().equals(id(role))) {
                            return false;
                        }
                    }
                    return true;
                }),
                new Endpoint("POST /api/notifications/read-all", EVERYONE, () -> new Attempt("POST",
                        "/api/notifications/read-all", Map.of(), 200, null)),
                read("GET /api/presence", EVERYONE, () -> "/api/presence"),
                read("GET /api/activity", EVERYONE, () -> "/api/activity?limit=200"),

                read("GET /api/realtime/stats", ADMINS, () -> "/api/realtime/stats"),
                new Endpoint("POST /api/realtime/emit", SUPER_ADMIN, () -> new Attempt("POST", "/api/realtime/emit",
                        Map.of("room", "admins", "event", "matrix:ping", "data", Map.of("n", 1)), 201,
                        RoleMatrixIT::newestEvent)),
                read("GET /api/realtime/events/{id}", SUPER_ADMIN, () -> "/api/realtime/events/"
                        + newestEvent().asText()),
                read("GET /api/ops/log-level", SUPER_ADMIN, () -> "/api/ops/log-level"),
                new Endpoint("PUT /api/ops/log-level", SUPER_ADMIN, () -> {
                    // The other of two levels each time, so that a refused change would show.
                    String level = logLevel().asText().equals("WARN") ? "INFO" : "WARN";
                    return new Attempt("PUT", "/api/ops/log-level", Map.of("logger", "com.propertyhub.ops",
                            "level", level), 200, RoleMatrixIT::logLevel);
                }));
    }

    static Stream<Arguments> roleAndEndpoint() {
        return endpoints().stream().flatMap(e -> Stream.of(Role.values()).map(role -> Arguments.of(role, e)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("roleAndEndpoint")
    void eachRoleIsAllowedExactlyItsEndpoints(Role role, Endpoint endpoint) {
        Attempt attempt = endpoint.prepare().get();
        JsonNode before = attempt.state() == null ? null : attempt.state().get();
        ApiClient client = clients.get(role);
        ApiResponse r = attempt.body() == null ? client.send(attempt.method(), attempt.path(), null, null)
                : client.send(attempt.method(), attempt.path(), ApiClient.json(attempt.body()), "application/json");
        if (endpoint.allowed().contains(role)) {
            assertEquals(attempt.success(), r.status(), () -> role + " may " + endpoint + ": " + r);
            if (attempt.own() != null) {
                assertTrue(attempt.own().test(role, r.json()), () -> endpoint + " answers " + role
                        + " what is not theirs: " + r);
            }
            if (CUSTOMER_SIDE.contains(role) && r.body() != null) {
                for (String id : elsewhere) {
                    assertFalse(r.body().contains(id), () -> endpoint + " shows " + role + " another customer's "
                            + id + ": " + r);
                }
            }
        } else {
            assertError(r, 403, "forbidden");
            if (attempt.state() != null) {
                assertEquals(before, attempt.state().get(), () -> "a refused " + endpoint + " by " + role
                        + " changed data");
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /** One endpoint, who may call it, and how to prepare a fresh call to it. */
    record Endpoint(String name, Set<Role> allowed, Supplier<Attempt> prepare) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * One call, its success status, what must be unchanged when it is refused (null: a read) and what an allowed
     * caller's answer must hold to be theirs (null: nothing beyond the status).
     */
    record Attempt(String method, String path, Object body, int success, Supplier<JsonNode> state,
                   BiPredicate<Role, JsonNode> own) {
        Attempt(String method, String path, Object body, int success, Supplier<JsonNode> state) {
            this(method, path, body, success, state, null);
        }
    }

    private static Endpoint read(String name, Set<Role> allowed, Supplier<String> path) {
        return read(name, allowed, path, null);
    }

    private static Endpoint read(String name, Set<Role> allowed, Supplier<String> path, BiPredicate<Role,
            JsonNode> own) {
        return new Endpoint(name, allowed, () -> new Attempt("GET", path.get(), null, 200, null, own));
    }

    private static String id(Role role) {
        return users.get(role).get("id").asText();
    }

    /** Whether an entity, or every item of a page, belongs to the test's customer. */
    private static boolean ofCustomer(Role role, JsonNode answer) {
        if (!answer.has("items")) {
            return answer.path("customerId").asText().equals(customerId);
        }
        for (JsonNode item : answer.get("items")) {
            if (!item.path("customerId").asText().equals(customerId)) {
                return false;
            }
        }
        return true;
    }

    private static String newProperty() {
        return expect(clients.get(Role.OWNER).post("/api/properties", Map.of("name", Nodes.unique("House"),
                "units", 1)), 201).json().get("id").asText();
    }

    private static String newRequest() {
        return expect(clients.get(Role.TENANT).post("/api/maintenance", Map.of("title", Nodes.unique("Broken"),
                "description", "Please fix")), 201).json().get("id").asText();
    }

    private static JsonNode property(String id) {
        ApiResponse r = clients.get(Role.OWNER).get("/api/properties/" + id);
        return r.status() == 200 ? r.json() : IntNode.valueOf(r.status());
    }

    private static JsonNode tenantsOf(String propertyId) {
        return expect(clients.get(Role.OWNER).get("/api/properties/" + propertyId + "/tenants"), 200).json();
    }

    private static JsonNode request(String id) {
        return expect(clients.get(Role.OWNER).get("/api/maintenance/" + id), 200).json();
    }

    private static JsonNode countAs(Role role, String path) {
        return IntNode.valueOf(expect(clients.get(role).get(path), 200).json().get("total").asInt());
    }

    private static JsonNode newestEvent() {
        return expect(root.get("/api/activity?limit=1"), 200).json().get("items").get(0).get("id");
    }

    private static JsonNode logLevel() {
        return expect(root.get("/api/ops/log-level?logger=com.propertyhub.ops"), 200).json().get("level");
    }

    private static String newCustomer() {
        return Fixtures.customer(root, Nodes.unique("Target")).get("id").asText();
    }

    private static String newStaff() {
        return Fixtures.staff(root, "SUPPORT").get("id").asText();
    }

    private static String newTenant() {
        return Fixtures.customerUser(root, customerId, "TENANT").get("id").asText();
    }

    private static JsonNode customerUser(String id) {
        ApiResponse r = root.get("/api/customers/" + customerId + "/users/" + id);
        return r.status() == 200 ? r.json() : IntNode.valueOf(r.status());
    }

    private static JsonNode usersOfCustomer() {
        return IntNode.valueOf(expect(root.get("/api/customers/" + customerId + "/users"), 200).json().get("total")
                .asInt());
    }

    private static JsonNode total(String path) {
        return IntNode.valueOf(expect(root.get(path), 200).json().get("total").asInt());
    }

    private static Map<String, Object> customerUserBody(String role) {
        String name = Nodes.unique(role.toLowerCase());
        return Map.of("name", "Person " + name, "email", name + "@customer.test", "password", "pw-" + UUID.randomUUID(),
                "role", role);
    }
}

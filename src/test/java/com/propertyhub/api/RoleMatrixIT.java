package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role against every endpoint: allowed exactly where API.md says, otherwise 403 with nothing changed.
 * Admins (SUPER_ADMIN, ADMIN, SUPPORT) read customers and staff; SUPER_ADMIN and ADMIN write customers and their
 * users; only SUPER_ADMIN writes staff; customer-side users reach only {@code /api/account}, where the OWNER
 * writes, a MANAGER may also list the users and a TENANT only reads the account.
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

    @BeforeAll
    static void start() {
        node = Nodes.start();
        root = node.api().loginAsAdmin();
        customerId = Fixtures.customer(root, "Matrix Co").get("id").asText();
        for (Role role : Role.values()) {
            JsonNode user = ADMINS.contains(role) ? Fixtures.staff(root, role.name())
                    : Fixtures.customerUser(root, customerId, role.name());
            clients.put(role, Fixtures.loginAs(root, user));
        }
        staffId = Fixtures.staff(root, "SUPPORT").get("id").asText();
        tenantId = Fixtures.customerUser(root, customerId, "TENANT").get("id").asText();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static List<Endpoint> endpoints() {
        return List.of(
                read("GET /api/auth/me", EVERYONE, () -> "/api/auth/me"),
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
                    return new Attempt("DELETE", "/api/users/" + id, null, 204, () -> root.get("/api/users/" + id).json());
                }),

                read("GET /api/customers/{id}/users", ADMINS, () -> "/api/customers/" + customerId + "/users"),
                read("GET /api/customers/{id}/users/{userId}", ADMINS,
                        () -> "/api/customers/" + customerId + "/users/" + tenantId),
                new Endpoint("POST /api/customers/{id}/users", ADMIN_WRITERS, () -> new Attempt("POST",
                        "/api/customers/" + customerId + "/users", customerUserBody("OWNER"), 201, RoleMatrixIT::usersOfCustomer)),
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

                read("GET /api/account", CUSTOMER_SIDE, () -> "/api/account"),
                new Endpoint("PUT /api/account", OWNER, () -> {
                    JsonNode current = root.get("/api/customers/" + customerId).json();
                    return new Attempt("PUT", "/api/account", Map.of("company", Nodes.unique("Matrix"),
                            "owner", "Matrix Owner", "email", current.get("email").asText()), 200,
                            () -> root.get("/api/customers/" + customerId).json());
                }),
                read("GET /api/account/users", OWNER_AND_MANAGER, () -> "/api/account/users"),
                read("GET /api/account/users/{userId}", OWNER_AND_MANAGER, () -> "/api/account/users/" + tenantId),
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
        } else {
            assertError(r, 403, "forbidden");
            if (attempt.state() != null) {
                assertEquals(before, attempt.state().get(), () -> "a refused " + endpoint + " by " + role + " changed data");
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

    /** One call, its success status, and what must be unchanged when it is refused (null: a read). */
    record Attempt(String method, String path, Object body, int success, Supplier<JsonNode> state) {
    }

    private static Endpoint read(String name, Set<Role> allowed, Supplier<String> path) {
        return new Endpoint(name, allowed, () -> new Attempt("GET", path.get(), null, 200, null));
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
        return IntNode.valueOf(expect(root.get("/api/customers/" + customerId + "/users"), 200).json().get("total").asInt());
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

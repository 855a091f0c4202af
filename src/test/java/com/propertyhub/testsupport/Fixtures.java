package com.propertyhub.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creates test data through the real API, failing loudly when a call does not succeed. */
public final class Fixtures {
    public static final String PASSWORD = "password-123";

    private Fixtures() {
    }

    public static Map<String, Object> customerBody(String company) {
        return Map.of("company", company, "owner", "Owner of " + company,
                "email", slug(company) + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                "phone", "+1 555 0100", "status", "active",
                "plan", Map.of("name", "Professional", "monthlyPrice", 199.0));
    }

    /** Creates a customer as {@code admin} (an ADMIN or SUPER_ADMIN client). */
    public static JsonNode customer(ApiClient admin, String company) {
        return expect(admin.post("/api/customers", customerBody(company)), 201).json();
    }

    /** Creates an internal user with {@code role} as a SUPER_ADMIN client. */
    public static JsonNode staff(ApiClient superAdmin, String role) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@propertyhub.test";
        return expect(superAdmin.post("/api/users", Map.of("name", "Staff " + role, "email", email,
                "password", PASSWORD, "role", role, "department", "Operations", "permissions", List.of())), 201).json();
    }

    /** Creates an OWNER, MANAGER or TENANT of {@code customerId} as an admin client. */
    public static JsonNode customerUser(ApiClient admin, String customerId, String role) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.test";
        return expect(admin.post("/api/customers/" + customerId + "/users", Map.of("name", role + " person",
                "email", email, "password", PASSWORD, "role", role)), 201).json();
    }

    /** Logs in as a user created by these fixtures. */
    public static ApiClient loginAs(ApiClient anyClient, JsonNode user) {
        return new ApiClient(anyClient.baseUrl()).login(user.get("email").asText(), PASSWORD);
    }

    public static ApiResponse expect(ApiResponse r, int status) {
        if (r.status() != status) {
            throw new AssertionError("expected " + status + " but got " + r);
        }
        return r;
    }

    private static String slug(String s) {
        return s.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}

package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSON of the wrong type is never converted: a number or boolean where text belongs, text where a number, a
 * boolean or a time belongs, a fraction for a whole number, an array or object for a scalar. Every writable field
 * of every entity, each with the values that a lenient reader would quietly accept, answers API.md's 422
 * {@code validation_failed} naming the field, and stores nothing.
 */
class WrongTypesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Wrong values by the field's type (raw JSON). */
    private static final List<String> NOT_TEXT = List.of("5", "5.5", "true", "[\"x\"]", "{\"x\":\"y\"}");
    private static final List<String> NOT_WHOLE_NUMBER = List.of("\"12\"", "1.5", "2.0", "true", "[3]", "{\"n\":3}",
            "\"\"");
    private static final List<String> NOT_AMOUNT = List.of("true", "[12]", "{\"v\":12}", "\"\"", "\"twelve\"");
    private static final List<String> NOT_BOOLEAN = List.of("\"yes\"", "\"true\"", "1", "0", "[true]", "\"\"");
    private static final List<String> NOT_ENUM = List.of("1", "true", "[\"active\"]", "\"\"");
    private static final List<String> NOT_TIME = List.of("1767225600", "1767225600.5", "true",
            "[\"2026-01-01T00:00:00Z\"]", "\"\"");
    private static final List<String> NOT_ID = List.of("5", "true", "[\"x\"]", "\"\"");
    private static final List<String> NOT_TEXT_LIST = List.of("\"reports\"", "[5]", "[true]", "[[\"x\"]]",
            "{\"a\":\"b\"}");
    private static final List<String> NOT_OBJECT = List.of("\"Starter\"", "5", "[\"Starter\"]");

    static TestNode node;
    static ApiClient root;
    static ApiClient owner;
    static ApiClient tenant;
    static String customerId;
    static String staffId;
    static String tenantId;
    static String propertyId;
    static String requestId;

    @BeforeAll
    static void start() {
        node = Nodes.start();
        root = node.api().loginAsAdmin();
        customerId = Fixtures.customer(root, "Types Co").get("id").asText();
        owner = Fixtures.loginAs(root, Fixtures.customerUser(root, customerId, "OWNER"));
        JsonNode tenantUser = Fixtures.customerUser(root, customerId, "TENANT");
        tenant = Fixtures.loginAs(root, tenantUser);
        tenantId = tenantUser.get("id").asText();
        staffId = Fixtures.staff(root, "SUPPORT").get("id").asText();
        propertyId = expect(owner.post("/api/properties", Map.of("name", "Types House", "units", 4)), 201)
                .json().get("id").asText();
        expect(owner.put("/api/properties/" + propertyId + "/tenants/" + tenantId, Map.of()), 200);
        requestId = expect(tenant.post("/api/maintenance", Map.of("title", "Leak", "description", "Kitchen tap")), 201)
                .json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** A body-reading endpoint, a valid body for it, and what a refused call must leave unchanged. */
    record Write(String name, Supplier<ApiClient> client, String method, String rawPath,
                 Supplier<Map<String, Object>> body, Supplier<JsonNode> state) {
        String path() {
            return rawPath.replace("{customer}", customerId).replace("{staff}", staffId).replace("{tenant}", tenantId)
                    .replace("{property}", propertyId).replace("{request}", requestId);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One field of one write with one wrong value. */
    record Case(Write write, String field, String value) {
        @Override
        public String toString() {
            return write.name() + " " + field + "=" + value;
        }
    }

    private static final Write CUSTOMER_CREATE = new Write("POST /api/customers", () -> root, "POST", "/api/customers",
            () -> Fixtures.customerBody("Typed"), () -> total("/api/customers"));
    private static final Write CUSTOMER_PATCH = new Write("PATCH /api/customers/{id}", () -> root, "PATCH",
            "/api/customers/{customer}", () -> Map.of("company", "Types Co"),
            () -> root.get("/api/customers/" + customerId).json());
    private static final Write USER_CREATE = new Write("POST /api/users", () -> root, "POST", "/api/users",
            () -> Map.of("name", "Typed Staff", "email", unique() + "@propertyhub.test", "password", Fixtures.PASSWORD,
                    "role", "SUPPORT", "department", "Ops", "company", "PropertyHub", "permissions", List.of("reports"),
                    "isActive", true),
            () -> total("/api/users"));
    private static final Write USER_PATCH = new Write("PATCH /api/users/{id}", () -> root, "PATCH",
            "/api/users/{staff}",
            () -> Map.of("department", "Ops"), () -> root.get("/api/users/" + staffId).json());
    private static final Write CUSTOMER_USER_CREATE = new Write("POST /api/customers/{id}/users", () -> root, "POST",
            "/api/customers/{customer}/users",
            () -> Map.of("name", "Typed Tenant", "email", unique() + "@customer.test", "password", Fixtures.PASSWORD,
                    "role", "TENANT"),
            () -> total("/api/customers/" + customerId + "/users"));
    private static final Write CUSTOMER_USER_PATCH = new Write("PATCH /api/customers/{id}/users/{userId}", () -> root,
            "PATCH", "/api/customers/{customer}/users/{tenant}", () -> Map.of("isActive", true),
            () -> root.get("/api/customers/" + customerId + "/users/" + tenantId).json());
    private static final Write ACCOUNT_PUT = new Write("PUT /api/account", () -> owner, "PUT", "/api/account",
            () -> Map.of("company", "Types Co", "owner", "Owner of Types Co", "email", "owner@types.example",
                    "phone", "+1 555 0100"),
            () -> root.get("/api/customers/" + customerId).json());
    private static final Write ACCOUNT_USER_CREATE = new Write("POST /api/account/users", () -> owner, "POST",
            "/api/account/users",
            () -> Map.of("name", "Typed Manager", "email", unique() + "@customer.test", "password", Fixtures.PASSWORD,
                    "role", "MANAGER"),
            () -> total("/api/customers/" + customerId + "/users"));
    private static final Write PROPERTY_CREATE = new Write("POST /api/properties", () -> owner, "POST",
            "/api/properties",
            () -> Map.of("name", "Typed House", "address", "1 Type Street", "units", 3),
            () -> total(owner, "/api/properties"));
    private static final Write PROPERTY_PATCH = new Write("PATCH /api/properties/{id}", () -> owner, "PATCH",
            "/api/properties/{property}", () -> Map.of("units", 4),
            () -> owner.get("/api/properties/" + propertyId).json());
    private static final Write PAYMENT_CREATE = new Write("POST /api/payments", () -> owner, "POST", "/api/payments",
            () -> Map.of("tenantId", tenantId, "propertyId", propertyId, "amount", 12.5,
                    "paidAt", "2026-01-05T10:00:00Z", "month", "2026-01", "note", "January"),
            () -> total(owner, "/api/payments"));
    private static final Write MAINTENANCE_CREATE = new Write("POST /api/maintenance", () -> tenant, "POST",
            "/api/maintenance", () -> Map.of("title", "Typed", "description", "Typed request", "propertyId",
                    propertyId),
            () -> total(owner, "/api/maintenance"));
    private static final Write MAINTENANCE_PATCH = new Write("PATCH /api/maintenance/{id}", () -> owner, "PATCH",
            "/api/maintenance/{request}", () -> Map.of("status", "open"),
            () -> owner.get("/api/maintenance/" + requestId).json());
    private static final Write COMMENT_CREATE = new Write("POST /api/maintenance/{id}/comments", () -> tenant, "POST",
            "/api/maintenance/{request}/comments", () -> Map.of("body", "Any news?"),
            () -> owner.get("/api/maintenance/" + requestId).json().get("comments"));
    private static final Write EMIT = new Write("POST /api/realtime/emit", () -> root, "POST", "/api/realtime/emit",
            () -> Map.of("room", "admins", "event", "test:typed"),
            () -> IntNode.valueOf(expect(root.get("/api/activity?limit=1"), 200).json().path("items").path(0).path("id")
                    .asInt()));
    private static final Write LOGIN = new Write("POST /api/auth/login", () -> node.api(), "POST", "/api/auth/login",
            () -> Map.of("email", TestNode.ADMIN_EMAIL, "password", TestNode.ADMIN_PASSWORD), () -> null);

    static Stream<Write> writes() {
        return Stream.of(CUSTOMER_CREATE, CUSTOMER_PATCH, USER_CREATE, USER_PATCH, CUSTOMER_USER_CREATE,
                CUSTOMER_USER_PATCH, ACCOUNT_PUT, ACCOUNT_USER_CREATE, PROPERTY_CREATE, PROPERTY_PATCH, PAYMENT_CREATE,
                MAINTENANCE_CREATE, MAINTENANCE_PATCH, COMMENT_CREATE, EMIT, LOGIN);
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        add(all, CUSTOMER_CREATE, NOT_TEXT, "company", "owner", "email", "phone", "plan.name");
        add(all, CUSTOMER_CREATE, NOT_ENUM, "status");
        add(all, CUSTOMER_CREATE, NOT_AMOUNT, "plan.monthlyPrice");
        add(all, CUSTOMER_CREATE, NOT_OBJECT, "plan");
        add(all, CUSTOMER_PATCH, NOT_TEXT, "company");
        add(all, USER_CREATE, NOT_TEXT, "name", "email", "password", "department", "company");
        add(all, USER_CREATE, NOT_ENUM, "role");
        add(all, USER_CREATE, NOT_TEXT_LIST, "permissions");
        add(all, USER_CREATE, NOT_BOOLEAN, "isActive");
        add(all, USER_PATCH, NOT_BOOLEAN, "isActive");
        add(all, USER_PATCH, NOT_TEXT, "department");
        add(all, CUSTOMER_USER_CREATE, NOT_TEXT, "name", "email", "password");
        add(all, CUSTOMER_USER_CREATE, NOT_ENUM, "role");
        add(all, CUSTOMER_USER_PATCH, NOT_BOOLEAN, "isActive");
        add(all, CUSTOMER_USER_PATCH, NOT_TEXT, "name");
        add(all, ACCOUNT_PUT, NOT_TEXT, "company", "owner", "email", "phone");
        add(all, ACCOUNT_USER_CREATE, NOT_TEXT, "name");
        add(all, PROPERTY_CREATE, NOT_TEXT, "name", "address");
        add(all, PROPERTY_CREATE, NOT_WHOLE_NUMBER, "units");
        add(all, PROPERTY_PATCH, NOT_WHOLE_NUMBER, "units");
        add(all, PAYMENT_CREATE, NOT_AMOUNT, "amount");
        add(all, PAYMENT_CREATE, NOT_TEXT, "month", "note");
        add(all, PAYMENT_CREATE, NOT_TIME, "paidAt");
        add(all, PAYMENT_CREATE, NOT_ID, "tenantId", "propertyId");
        add(all, MAINTENANCE_CREATE, NOT_TEXT, "title", "description", "propertyId");
        add(all, MAINTENANCE_PATCH, NOT_ENUM, "status");
        add(all, MAINTENANCE_PATCH, NOT_TEXT, "assigneeId");
        add(all, COMMENT_CREATE, NOT_TEXT, "body");
        add(all, EMIT, NOT_TEXT, "room", "event");
        add(all, LOGIN, NOT_TEXT, "email", "password");
        return all.stream();
    }

    private static void add(List<Case> all, Write write, List<String> values, String... fields) {
        for (String field : fields) {
            for (String value : values) {
                all.add(new Case(write, field, value));
            }
        }
    }

    /** The control: each valid body is accepted, so a refusal below is about the one wrong value. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void theValidBodyIsAccepted(Write write) {
        ApiResponse r = write.client().get().send(write.method(), write.path(), body(write, null, null),
                "application/json");
        assertTrue(r.status() == 200 || r.status() == 201, () -> write + ": " + r);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aValueOfTheWrongTypeIs422NamingTheFieldAndChangesNothing(Case c) {
        JsonNode before = c.write().state().get();
        ApiResponse r = c.write().client().get().send(c.write().method(), c.write().path(),
                body(c.write(), c.field(), c.value()), "application/json");
        assertError(r, 422, "validation_failed");
        Set<String> fields = Contract.detailFields(r);
        assertTrue(fields.stream().anyMatch(f -> f.equals(c.field()) || f.startsWith(c.field() + "[")),
                () -> "the details name " + c.field() + ": " + r);
        assertEquals(before, c.write().state().get(), "nothing stored");
    }

    @Test
    void anAmountMayBeADecimalStringOrANumber() {
        // Money is the one deliberate exception: "950.00" is exact where a binary float is not (README, payments).
        for (Object amount : List.of("950.00", 950, 950.5)) {
            JsonNode p = expect(owner.post("/api/payments", Map.of("tenantId", tenantId, "amount", amount)), 201)
                    .json();
            assertEquals(new java.math.BigDecimal(amount.toString()).doubleValue(), p.get("amount").asDouble());
        }
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /** The write's valid body with {@code field} (a dotted path) set to the raw JSON {@code value}. */
    private static String body(Write write, String field, String value) {
        ObjectNode body = JSON.valueToTree(new LinkedHashMap<>(write.body().get()));
        if (field != null) {
            ObjectNode parent = body;
            String[] path = field.split("\\.");
            for (int i = 0; i < path.length - 1; i++) {
                parent = (ObjectNode) parent.get(path[i]);
            }
            try {
                parent.set(path[path.length - 1], JSON.readTree(value));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(value, e);
            }
        }
        return body.toString();
    }

    private static JsonNode total(String path) {
        return total(root, path);
    }

    private static JsonNode total(ApiClient client, String path) {
        return IntNode.valueOf(expect(client.get(path), 200).json().get("total").asInt());
    }

    private static String unique() {
        return "typed-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeTest;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every endpoint shares (API.md, "Errors"): bodies that are not JSON, too large or of the wrong type are
 * refused with the contract's error body and store nothing; unknown paths and methods answer JSON too; and
 * {@code /health} reports in its fixed shape.
 */
class HttpContractIT extends NodeTest {
    /** The API's body limit (BodySizeLimit.MAX_BYTES). */
    private static final int ONE_MIB = 1024 * 1024;

    static ApiClient owner;
    static String customerId;
    static String staffId;
    static String tenantId;

    @BeforeAll
    static void createFixtures() {
        customerId = Fixtures.customer(admin, "Contract Co").get("id").asText();
        owner = Fixtures.loginAs(admin, Fixtures.customerUser(admin, customerId, "OWNER"));
        staffId = Fixtures.staff(admin, "SUPPORT").get("id").asText();
        tenantId = Fixtures.customerUser(admin, customerId, "TENANT").get("id").asText();
    }

    /** Every endpoint that reads a body, called by someone allowed to, and what a refusal must leave unchanged. */
    static Stream<Write> writes() {
        return Stream.of(
                new Write("POST /api/auth/login", () -> node.api(), "POST", "/api/auth/login", () -> null),
                new Write("POST /api/customers", () -> admin, "POST", "/api/customers",
                        () -> total("/api/customers")),
                new Write("PUT /api/customers/{id}", () -> admin, "PUT", "/api/customers/{customer}",
                        () -> admin.get("/api/customers/" + customerId).json()),
                new Write("PATCH /api/customers/{id}", () -> admin, "PATCH", "/api/customers/{customer}",
                        () -> admin.get("/api/customers/" + customerId).json()),
                new Write("POST /api/users", () -> admin, "POST", "/api/users", () -> total("/api/users")),
                new Write("PUT /api/users/{id}", () -> admin, "PUT", "/api/users/{staff}",
                        () -> admin.get("/api/users/" + staffId).json()),
                new Write("PATCH /api/users/{id}", () -> admin, "PATCH", "/api/users/{staff}",
                        () -> admin.get("/api/users/" + staffId).json()),
                new Write("POST /api/customers/{id}/users", () -> admin, "POST", "/api/customers/{customer}/users",
                        () -> total("/api/customers/" + customerId + "/users")),
                new Write("PATCH /api/customers/{id}/users/{userId}", () -> admin, "PATCH",
                        "/api/customers/{customer}/users/{tenant}",
                        () -> admin.get("/api/customers/" + customerId + "/users/" + tenantId).json()),
                new Write("PUT /api/account", () -> owner, "PUT", "/api/account",
                        () -> admin.get("/api/customers/" + customerId).json()),
                new Write("POST /api/account/users", () -> owner, "POST", "/api/account/users",
                        () -> total("/api/customers/" + customerId + "/users")),
                new Write("PATCH /api/account/users/{userId}", () -> owner, "PATCH", "/api/account/users/{tenant}",
                        () -> admin.get("/api/customers/" + customerId + "/users/" + tenantId).json()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void malformedJsonIs400AndChangesNothing(Write write) {
        JsonNode before = write.state().get();
        for (String body : List.of("{\"name\":", "{'name':'x'}", "not json", "{}}", "{} []")) {
            assertError(write.client().get().send(write.method(), write.path(), body, "application/json"),
                    400, "malformed_json");
        }
        assertEquals(before, write.state().get());
    }

    /**
     * Typed fields stop at the first token of the wrong type, so nesting costs only where a body is read as a
     * tree: the data of an emit. Beyond Json.MAX_NESTING_DEPTH it is refused before it is built.
     */
    @Test
    void jsonNestedDeeperThanTheLimitIs400AndStoresNothing() {
        int limit = com.propertyhub.web.Json.MAX_NESTING_DEPTH;
        String nested = "{\"room\":\"admins\",\"event\":\"test:deep\",\"data\":";
        // the control: within the limit (the body itself is one level)
        assertEquals(201, admin.send("POST", "/api/realtime/emit", nested + "[".repeat(limit - 1)
                + "]".repeat(limit - 1)
                + "}", "application/json").status());
        JsonNode before = newestEvent();
        for (int depth : List.of(limit + 1, 100_000)) {
            assertError(admin.send("POST", "/api/realtime/emit", nested + "[".repeat(depth) + "]".repeat(depth) + "}",
                    "application/json"), 400, "malformed_json");
            assertError(admin.send("POST", "/api/realtime/emit", nested + "{\"a\":".repeat(depth) + "1"
                    + "}".repeat(depth) + "}", "application/json"), 400, "malformed_json");
        }
        assertEquals(before, newestEvent(), "nothing emitted");
    }

    private static JsonNode newestEvent() {
        return expect(admin.get("/api/activity?limit=1"), 200).json().path("items").path(0).path("id");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void plainTextIs415AndChangesNothing(Write write) {
        JsonNode before = write.state().get();
        String json = "{\"name\":\"Plain\",\"company\":\"Plain\",\"email\":\"plain@example.com\"}";
        assertError(write.client().get().send(write.method(), write.path(), json, "text/plain"),
                415, "unsupported_media_type");
        assertError(write.client().get().send(write.method(), write.path(), json, "application/x-www-form-urlencoded"),
                415, "unsupported_media_type");
        assertEquals(before, write.state().get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void bodiesOverOneMebibyteAre413WithOrWithoutALength(Write write) {
        JsonNode before = write.state().get();
        RawHttp raw = new RawHttp(node.baseUrl());
        byte[] big = RawHttp.jsonLargerThan(ONE_MIB + 10);
        String token = write.client().get().token();
        assertError(raw.sendWithLength(write.method(), write.path(), token, big), 413, "payload_too_large");
        assertError(raw.sendChunked(write.method(), write.path(), token, big), 413, "payload_too_large");
        assertEquals(before, write.state().get());
    }

    @Test
    void aBodyJustUnderTheLimitIsReadAndValidated() {
        byte[] almost = RawHttp.jsonLargerThan(ONE_MIB - 100);
        ApiResponse r = new RawHttp(node.baseUrl()).sendChunked("POST", "/api/customers", admin.token(), almost);
        assertError(r, 422, "validation_failed");
    }

    @Test
    void theConnectionStaysUsableAfterA413() {
        RawHttp raw = new RawHttp(node.baseUrl());
        for (int round = 0; round < 3; round++) {
            assertError(raw.sendWithLength("POST", "/api/customers", admin.token(),
                    RawHttp.jsonLargerThan(ONE_MIB + 1)),
                    413, "payload_too_large");
            assertEquals(200, raw.get("/api/customers", admin.token()).status());
            assertError(raw.sendChunked("POST", "/api/customers", admin.token(), RawHttp.jsonLargerThan(2 * ONE_MIB)),
                    413, "payload_too_large");
            assertEquals(200, raw.get("/api/customers", admin.token()).status());
        }
    }

    @Test
    void unknownPathsAre404JsonAnd401WithoutAToken() {
        for (String path : List.of("/api/nope", "/api/customers/" + customerId + "/nope", "/api/auth",
                "/api/users/" + staffId + "/users", "/api", "/api/", "/nope", "/WEB-INF/web.xml")) {
            assertError(admin.get(path), 404, "not_found");
        }
        // Without a token the API reveals nothing about which paths exist.
        for (String path : List.of("/api/nope", "/api/customers/" + customerId + "/nope", "/api/auth")) {
            assertError(node.api().get(path), 401, "unauthorized");
        }
        for (String path : List.of("/nope", "/WEB-INF/web.xml")) {
            assertError(node.api().get(path), 404, "not_found");
        }
        assertError(admin.send("POST", "/api/nope", "{}", "application/json"), 404, "not_found");
    }

    @Test
    void wrongMethodsAre405WithAllow() {
        for (ApiResponse r : List.of(node.api().get("/api/auth/login"), admin.post("/api/auth/me", Map.of()),
                admin.delete("/api/auth/me"), owner.delete("/api/account"), owner.post("/api/account", Map.of()),
                owner.put("/api/account/users", Map.of()), admin.get("/api/auth/stream-ticket"))) {
            assertError(r, 405, "method_not_allowed");
            assertNotNull(r.header("Allow"), r::toString);
        }
    }

    @Test
    void jsonIsTheOnlyAnswerOnOffer() {
        ApiResponse r = new RawHttp(node.baseUrl()).getWithAuthorization("/api/customers", "Bearer " + admin.token());
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type").split(";")[0]);
    }

    @Test
    void healthReportsUpWithoutAToken() {
        ApiResponse r = node.api().get("/health");
        assertEquals(200, r.status(), r::toString);
        assertEquals("application/json", r.header("Content-Type").split(";")[0]);
        assertEquals("{\"status\":\"up\",\"database\":\"up\",\"redis\":\"off\"}", r.body());
        assertEquals("up", expect(node.api().get("/health/live"), 200).json().get("status").asText());
        assertEquals("up", expect(node.api().get("/health/ready"), 200).json().get("status").asText());
        assertError(node.api().get("/health/nope"), 404, "not_found");
        assertError(node.api().send("POST", "/health", "{}", "application/json"), 405, "method_not_allowed");
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /**
     * A body-reading endpoint: who calls it, and the data a refused call must leave as it was (null: none). The
     * cases are listed before {@code @BeforeAll} runs, so paths hold placeholders until {@link #path()}.
     */
    record Write(String name, Supplier<ApiClient> client, String method, String rawPath, Supplier<JsonNode> state) {
        String path() {
            return rawPath.replace("{customer}", customerId).replace("{staff}", staffId).replace("{tenant}", tenantId);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static JsonNode total(String path) {
        return IntNode.valueOf(expect(admin.get(path), 200).json().get("total").asInt());
    }

    @Test
    void bodiesAnsweredWithoutBeingReadDoNotBreakTheNextRequestOnTheConnection() {
        String body = ApiClient.json(Fixtures.customerBody("Unread"));
        for (int round = 0; round < 30; round++) {
            assertError(node.api().send("POST", "/api/customers", body, "application/json"), 401, "unauthorized");
            assertError(admin.send("POST", "/api/nope", body, "application/json"), 404, "not_found");
            assertError(admin.send("POST", "/api/customers", body, "text/plain"), 415, "unsupported_media_type");
            assertEquals(200, admin.get("/api/customers?limit=1").status());
        }
    }
}

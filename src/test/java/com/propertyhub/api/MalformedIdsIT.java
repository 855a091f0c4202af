package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;
import static com.propertyhub.api.Contract.detailFields;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Strings of an id's length and alphabet that are not ids (36 zeros, 36 dashes, dashes in the wrong places, the
 * Base64 form Jackson would read) are refused like any other wrong value wherever a client sends an id: a body
 * field is a 422 naming it, a query parameter a 400 naming it, a path segment a 404; never a 500 or a stack trace.
 */
class MalformedIdsIT extends NodeTest {
    private static final String ZEROS = "000000000000000000000000000000000000";
    private static final String DASHES = "------------------------------------";
    private static final String MISPLACED = "0000000-00000-0000-0000-000000000000";
    private static final String SHORT_GROUPS = "1-2-3-4-5";
    private static final String BASE64 = "AAAAAAAAAAAAAAAAAAAAAA==";

    static ApiClient owner;
    static ApiClient manager;
    static ApiClient tenant;
    static String requestId;

    @BeforeAll
    static void createFixtures() {
        String customerId = Fixtures.customer(admin, Nodes.unique("Ids")).get("id").asText();
        owner = Fixtures.loginAs(admin, Fixtures.customerUser(admin, customerId, "OWNER"));
        manager = Fixtures.loginAs(admin, Fixtures.customerUser(admin, customerId, "MANAGER"));
        tenant = Fixtures.loginAs(admin, Fixtures.customerUser(admin, customerId, "TENANT"));
        requestId = expect(tenant.post("/api/maintenance", Map.of("title", "Leak", "description", "Kitchen tap")), 201)
                .json().get("id").asText();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ZEROS, DASHES, MISPLACED, SHORT_GROUPS})
    void aMaintenanceRequestsPropertyIdIs422NamingTheField(String id) {
        ApiResponse r = tenant.post("/api/maintenance", Map.of("title", "Leak", "description", "Tap",
                "propertyId", id));
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("propertyId"), detailFields(r), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ZEROS, DASHES, MISPLACED, SHORT_GROUPS})
    void anAssigneeIdIs422NamingTheField(String id) {
        ApiResponse r = manager.patch("/api/maintenance/" + requestId, Map.of("assigneeId", id));
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("assigneeId"), detailFields(r), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ZEROS, DASHES, MISPLACED, BASE64})
    void aPaymentsIdFieldsAre422NamingTheField(String id) {
        for (String field : new String[] {"propertyId", "tenantId"}) {
            ApiResponse r = owner.post("/api/payments", Map.of("amount", 10, field, id));
            assertError(r, 422, "validation_failed");
            assertEquals(Set.of(field), detailFields(r), r::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ZEROS, DASHES, MISPLACED, SHORT_GROUPS})
    void aPaymentsPropertyIdFilterIs400NamingTheParameter(String id) {
        ApiResponse r = owner.get("/api/payments?propertyId=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        assertError(r, 400, "invalid_parameter");
        assertEquals(Set.of("propertyId"), detailFields(r), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ZEROS, DASHES, MISPLACED, SHORT_GROUPS})
    void idsInPathsAre404(String id) {
        assertError(admin.get("/api/customers/" + id), 404, "not_found");
        assertError(admin.get("/api/users/" + id), 404, "not_found");
        assertError(owner.get("/api/properties/" + id), 404, "not_found");
        assertError(owner.get("/api/maintenance/" + id), 404, "not_found");
        assertError(owner.delete("/api/events/" + id), 404, "not_found");
        JsonNode after = expect(owner.get("/api/maintenance/" + requestId), 200).json();
        assertEquals(requestId, after.get("id").asText());
    }
}

package com.propertyhub.openapi;

import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.propertyhub.property.PropertyFixtures;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import jakarta.ws.rs.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document against the real server: it is open, it lists exactly the routes the JAX-RS
 * application has, every route it lists answers, and real answers (REST and events) match its schemas.
 */
class OpenApiIT extends NodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT_STREAM = "/api/events";

    static JsonNode doc;

    @BeforeAll
    static void readDocument() {
        ApiResponse served = expect(new ApiClient(node.baseUrl()).get("/api/openapi.json"), 200);
        assertTrue(served.header("Content-Type").startsWith("application/json"), served.toString());
        doc = served.json();
    }

    @Test
    void isOpenApi31WithTheBearerSchemeAndTheOpenOperationsMarked() {
        assertEquals("3.1.0", doc.path("openapi").asText());
        JsonNode bearer = doc.at("/components/securitySchemes/bearer");
        assertEquals("http", bearer.path("type").asText());
        assertEquals("bearer", bearer.path("scheme").asText());
        assertEquals("bearer", doc.at("/security/0").fieldNames().next());
        assertTrue(doc.at("/paths/~1api~1auth~1login/post/security").isEmpty(), "login needs no token");
        assertTrue(doc.at("/paths/~1api~1openapi.json/get/security").isEmpty(), "the document needs no token");
        assertTrue(doc.at("/paths/~1api~1customers/get/security").isMissingNode(), "the rest inherit bearer");
    }

    @Test
    void everyOperationHasASummaryAnIdAndDocumentedAnswers() {
        List<String> problems = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>();
        forEachOperation((method, path, operation) -> {
            String route = method + " " + path;
            if (operation.path("summary").asText().isBlank()) {
                problems.add(route + ": no summary");
            }
            if (!ids.add(operation.path("operationId").asText())) {
                problems.add(route + ": operationId missing or not unique");
            }
            boolean success = false;
            for (Iterator<String> statuses = operation.path("responses").fieldNames(); statuses.hasNext(); ) {
                String status = statuses.next();
                JsonNode answer = resolve(operation.path("responses").path(status));
                success |= status.startsWith("2");
                if (status.startsWith("4") || status.startsWith("5")) {
                    String schema = answer.at("/content/application~1json/schema/$ref").asText();
                    if (!schema.equals("#/components/schemas/ApiError") && !path.startsWith("/health")) {
                        problems.add(route + " " + status + ": not the error shape but " + answer);
                    }
                }
                if (status.equals("200") || status.equals("201")) {
                    if (answer.path("content").isEmpty()) {
                        problems.add(route + " " + status + ": no content");
                    }
                }
            }
            if (!success) {
                problems.add(route + ": no 2xx answer");
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyReferenceResolves() {
        List<String> dangling = new ArrayList<>();
        collectRefs(doc, dangling);
        assertEquals(List.of(), dangling);
    }

    private static void collectRefs(JsonNode node, List<String> dangling) {
        if (node.isObject() && node.has("$ref")) {
            String ref = node.path("$ref").asText();
            if (!ref.startsWith("#/") || doc.at(ref.substring(1)).isMissingNode()) {
                dangling.add(ref);
            }
        }
        node.elements().forEachRemaining(child -> collectRefs(child, dangling));
    }

    /** Every route of the JAX-RS application, from Jersey's own model of the registered resources. */
    @Test
    void everyJaxRsRouteIsDocumented() {
        TreeSet<String> routes = new TreeSet<>();
        for (Object registered : node.application().api().getInstances()) {
            if (registered.getClass().isAnnotationPresent(Path.class)) {
                collect(Resource.from(registered.getClass()), "/api", routes);
            }
        }
        assertTrue(routes.size() > 50, "found the routes: " + routes);
        TreeSet<String> documented = documentedRoutes();
        TreeSet<String> missing = new TreeSet<>(routes);
        missing.removeAll(documented);
        assertEquals(new TreeSet<>(), missing, "routes the document does not list");
        for (String servlet : List.of("GET /api/events", "GET /health", "GET /health/live", "GET /health/ready",
                "GET /metrics")) {
            assertTrue(documented.contains(servlet), servlet + " is documented");
        }
    }

    /**
     * Every documented route answers, as a SUPER_ADMIN with ids that do not exist: anything but 405 and the
     * answer of an unknown path (an unknown id's 404 names the id; a 403 or 422 says the route matched).
     */
    @Test
    void everyDocumentedRouteExists() {
        ApiClient probe = Fixtures.loginAs(admin, Fixtures.staff(admin, "SUPER_ADMIN"));
        ApiResponse unknown = probe.get("/api/no-such-route/" + UUID.randomUUID());
        assertEquals(404, unknown.status());
        List<String> problems = new ArrayList<>();
        List<String[]> operations = new ArrayList<>();
        forEachOperation((method, path, operation) -> operations.add(new String[] {method, path,
                Boolean.toString(operation.has("requestBody"))}));
        // Signing out ends the probe's sessions: last.
        operations.sort((a, b) -> Boolean.compare(a[1].endsWith("/logout"), b[1].endsWith("/logout")));
        for (String[] operation : operations) {
            String method = operation[0];
            String path = operation[1].replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            if (method.equals("GET") && path.equals(EVENT_STREAM)) {
                try (SseClient stream = probe.stream()) {
                    assertEquals(200, stream.status(), "GET /api/events");
                }
                continue;
            }
            ApiResponse answer = probe.send(method, path, operation[2].equals("true") ? "{}" : null,
                    operation[2].equals("true") ? "application/json" : null);
            if (answer.status() == 405 || (answer.status() == 404 && answer.errorCode() != null
                    && answer.json().path("error").path("message")
                    .equals(unknown.json().path("error").path("message")))) {
                problems.add(method + " " + operation[1] + " -> " + answer);
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * The documented roles are the enforced ones: a SUPPORT admin and a TENANT get 403 from every operation whose
     * x-roles leaves their role out, and the document says x-roles where the code restricts.
     */
    @Test
    void documentedRolesAreTheEnforcedOnes() {
        String customerId = Fixtures.customer(admin, "Roles Co").path("id").asText();
        Map<String, ApiClient> callers = Map.of(
                "SUPPORT", Fixtures.loginAs(admin, Fixtures.staff(admin, "SUPPORT")),
                "TENANT", Fixtures.loginAs(admin, Fixtures.customerUser(admin, customerId, "TENANT")));
        List<String> problems = new ArrayList<>();
        int refused = 0;
        for (Map.Entry<String, ApiClient> caller : callers.entrySet()) {
            List<String[]> restricted = new ArrayList<>();
            forEachOperation((method, path, operation) -> {
                JsonNode roles = operation.path("x-roles");
                boolean allowed = false;
                for (JsonNode role : roles) {
                    allowed |= role.asText().equals(caller.getKey());
                }
                if (roles.isArray() && !allowed) {
                    restricted.add(new String[] {method, path, Boolean.toString(operation.has("requestBody"))});
                }
            });
            for (String[] operation : restricted) {
                String path = operation[1].replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                boolean body = operation[2].equals("true");
                ApiResponse answer = caller.getValue().send(operation[0], path, body ? "{}" : null,
                        body ? "application/json" : null);
                if (answer.status() != 403) {
                    problems.add(caller.getKey() + " " + operation[0] + " " + operation[1] + " -> " + answer);
                }
                refused++;
            }
        }
        assertTrue(refused > 40, "checked " + refused + " refusals");
        assertEquals(List.of(), problems);
        assertEquals("[\"SUPER_ADMIN\"]", doc.at("/paths/~1api~1users/post/x-roles").toString());
        assertEquals("[\"SUPER_ADMIN\",\"ADMIN\",\"SUPPORT\"]", doc.at("/paths/~1api~1customers/get/x-roles")
                .toString());
    }

    @Test
    void restAnswersMatchTheirSchemas() {
        JsonNode customer = Fixtures.customer(admin, "Schema Co");
        String customerId = customer.path("id").asText();
        ApiClient owner = Fixtures.loginAs(admin, Fixtures.customerUser(admin, customerId, "OWNER"));
        PropertyFixtures.property(owner, "Schema House");

        assertMatches("POST", "/api/customers", "201", customer);
        assertMatches("GET", "/api/customers", "200", expect(admin.get("/api/customers"), 200).json());
        assertMatches("GET", "/api/customers/{id}", "200", expect(admin.get("/api/customers/" + customerId), 200)
                .json());
        assertMatches("GET", "/api/auth/me", "200", expect(admin.get("/api/auth/me"), 200).json());
        assertMatches("GET", "/api/auth/me", "200", expect(owner.get("/api/auth/me"), 200).json());
        assertMatches("GET", "/api/properties", "200", expect(owner.get("/api/properties"), 200).json());
        assertMatches("GET", "/api/account", "200", expect(owner.get("/api/account"), 200).json());
        assertMatches("POST", "/api/auth/stream-ticket", "200", expect(owner.post("/api/auth/stream-ticket", Map.of()),
                200).json());
        assertMatches("GET", "/health", "200", expect(admin.get("/health"), 200).json());
        assertMatches("GET", "/api/customers/totals", "200", expect(admin.get("/api/customers/totals"), 200).json());
        assertMatches("GET", "/api/users/totals", "200", expect(admin.get("/api/users/totals"), 200).json());
        assertMatches("GET", "/api/customers", "400", expect(admin.get("/api/customers?sort=nope"), 400).json());
        // Error answers: an unknown id, a validation failure with details, no token.
        assertMatches("GET", "/api/customers/{id}", "404",
                expect(admin.get("/api/customers/" + UUID.randomUUID()), 404).json());
        assertMatches("POST", "/api/customers", "422", expect(admin.post("/api/customers", Map.of()), 422).json());
        assertMatches("GET", "/api/customers", "401",
                expect(new ApiClient(node.baseUrl()).get("/api/customers"), 401).json());
    }

    @Test
    void eventsMatchTheCatalogSchemas() {
        try (SseClient stream = admin.stream()) {
            SseEvent ready = stream.await("ready", Duration.ofSeconds(10));
            assertMatchesEvent("ready", ready.json());
            JsonNode customer = Fixtures.customer(admin, "Event Schema Co");
            SseEvent created = stream.await(e -> "customer:created".equals(e.event())
                    && e.json().at("/customer/id").asText().equals(customer.path("id").asText()),
                    Duration.ofSeconds(10), "customer:created");
            assertMatchesEvent("customer:created", created.json());
            expect(admin.patch("/api/customers/" + customer.path("id").asText(), Map.of("status", "trial")), 200);
            SseEvent updated = stream.await(e -> "customer:updated".equals(e.event())
                    && e.json().at("/customer/id").asText().equals(customer.path("id").asText()),
                    Duration.ofSeconds(10), "customer:updated");
            assertTrue(updated.json().has("actor") && updated.json().has("changes"), updated::toString);
            assertMatchesEvent("customer:updated", updated.json());
        }
    }

    @Test
    void eachListsSortValuesAreDocumentedAndEveryOneIsAccepted() {
        for (String path : List.of("/api/customers", "/api/users")) {
            JsonNode sort = null;
            for (JsonNode parameter : doc.path("paths").path(path).path("get").path("parameters")) {
                if (parameter.path("name").asText().equals("sort")) {
                    sort = parameter;
                }
            }
            assertTrue(sort != null && sort.at("/schema/enum").size() >= 8, () -> path + " documents ?sort=");
            for (JsonNode value : sort.at("/schema/enum")) {
                expect(admin.get(path + "?sort=" + value.asText()), 200);
            }
            assertTrue(sort.at("/schema/enum").toString().contains("\"-createdAt\""), sort::toString);
        }
    }

    /** The schemas are really checked: a customer without its company, or with a status that does not exist, fails. */
    @Test
    void aWrongAnswerFailsItsSchema() {
        ObjectNode customer = (ObjectNode) Fixtures.customer(admin, "Wrong Shape Co");
        ObjectNode noCompany = customer.deepCopy();
        noCompany.remove("company");
        assertFalse(errors(responseSchema("GET", "/api/customers/{id}", "200"), noCompany).isEmpty());
        ObjectNode badStatus = customer.deepCopy();
        badStatus.put("status", "archived");
        assertFalse(errors(responseSchema("GET", "/api/customers/{id}", "200"), badStatus).isEmpty());
        assertNotEquals(List.of(), errors(responseSchema("GET", "/api/customers/{id}", "404"), customer));
    }

    private static void assertMatches(String method, String path, String status, JsonNode answer) {
        List<String> errors = errors(responseSchema(method, path, status), answer);
        assertEquals(List.of(), errors, method + " " + path + " " + status + ": " + answer);
    }

    private static void assertMatchesEvent(String name, JsonNode data) {
        for (JsonNode event : doc.path("x-events")) {
            if (event.path("name").asText().equals(name)) {
                assertEquals(List.of(), errors(event.path("data"), data), name + ": " + data);
                return;
            }
        }
        throw new AssertionError(name + " is not in x-events");
    }

    private static JsonNode responseSchema(String method, String path, String status) {
        JsonNode operation = doc.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        JsonNode answer = resolve(operation.path("responses").path(status));
        JsonNode schema = answer.at("/content/application~1json/schema");
        assertFalse(schema.isMissingNode(), method + " " + path + " documents no " + status + " schema");
        return schema;
    }

    /** Validates {@code instance} against {@code schema}, its references resolved in the document's components. */
    private static List<String> errors(JsonNode schema, JsonNode instance) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
        root.set("allOf", JSON.createArrayNode().add(schema));
        root.set("components", doc.path("components"));
        Schema validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(root.toString(), InputFormat.JSON);
        return validator.validate(instance.toString(), InputFormat.JSON).stream()
                .map(e -> e.getInstanceLocation() + " " + e.getMessage()).toList();
    }

    private static JsonNode resolve(JsonNode maybeRef) {
        String ref = maybeRef.path("$ref").asText();
        return ref.isEmpty() ? maybeRef : doc.at(ref.substring(1));
    }

    private static TreeSet<String> documentedRoutes() {
        TreeSet<String> routes = new TreeSet<>();
        forEachOperation((method, path, operation) -> routes.add(method + " " + normalise(path)));
        return routes;
    }

    private static void collect(Resource resource, String parent, TreeSet<String> routes) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(method.getHttpMethod() + " " + normalise(path));
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, routes);
        }
    }

    private static String join(String parent, String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return parent;
        }
        return parent + "/" + path.replaceAll("^/+|/+$", "");
    }

    /** Path templates compared by shape: {id} and {customerId} alike. */
    private static String normalise(String path) {
        return path.replaceAll("\\{[^}]+}", "{}");
    }

    private interface OperationVisitor {
        void visit(String method, String path, JsonNode operation);
    }

    private static void forEachOperation(OperationVisitor visitor) {
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (List.of("get", "put", "post", "delete", "patch", "head", "options").contains(method.getKey())) {
                visitor.visit(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), method.getValue());
            }
        }));
    }
}

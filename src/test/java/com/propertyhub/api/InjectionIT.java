package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile text in every free-text field: SQL, markup, unusual Unicode and line breaks are data, stored and
 * answered verbatim (JSON-escaped), leave every other row alone, travel on the event stream as one {@code data:}
 * line, and are harmless in search and filter parameters. A NUL character is refused in every text field with a
 * 422 naming it, and in every filter with a 400.
 */
class InjectionIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    static final List<String> PAYLOADS = List.of(
            "'; DROP TABLE customers; --",
            "' OR '1'='1",
            "Robert'); DROP TABLE users;--",
            "100% _match_ \\ of LIKE",
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "{{7*7}} ${7*7} #{7*7}",
            "Home 🏠🔑 sweet",
            "שלום مرحبا \u202Eevil\u202C",
            "Ze\u0301ro\u0300 Z\u0334\u0327a\u0337l\u0336g\u0338o",
            "\uD835\uDD73\uD835\uDD94\uD835\uDD52 \uD841\uDF0E 4-byte",
            "line one\r\nevent: injected\r\n\r\ndata: {\"x\":1}\nid: 999999",
            "sep\u2028ara\u2029tors\u0085");

    static TestNode node;
    static ApiClient root;
    static ApiClient owner;
    static ApiClient tenant;
    static String customerId;
    static String tenantId;
    static String propertyId;
    static String requestId;
    static JsonNode bystander;
    static SseClient adminStream;
    static SseClient ownerStream;

    @BeforeAll
    static void start() {
        node = Nodes.start();
        root = node.api().loginAsAdmin();
        bystander = Fixtures.customer(root, "Bystander Homes");
        customerId = Fixtures.customer(root, "Injection Co").get("id").asText();
        owner = Fixtures.loginAs(root, Fixtures.customerUser(root, customerId, "OWNER"));
        JsonNode tenantUser = Fixtures.customerUser(root, customerId, "TENANT");
        tenant = Fixtures.loginAs(root, tenantUser);
        tenantId = tenantUser.get("id").asText();
        propertyId = expect(owner.post("/api/properties", Map.of("name", "Plain House", "units", 2)), 201)
                .json().get("id").asText();
        expect(owner.put("/api/properties/" + propertyId + "/tenants/" + tenantId, Map.of()), 200);
        requestId = expect(tenant.post("/api/maintenance", Map.of("title", "Plain", "description", "Plain")), 201)
                .json().get("id").asText();
        // A row of every kind the filters list, so that a filter answering every row is seen to.
        expect(owner.post("/api/payments", Map.of("tenantId", tenantId, "amount", 1, "note", "Plain")), 201);
        adminStream = open(root);
        ownerStream = open(owner);
    }

    @AfterAll
    static void stop() {
        adminStream.close();
        ownerStream.close();
        node.close();
    }

    private static SseClient open(ApiClient client) {
        SseClient s = client.stream();
        assertEquals(200, s.status(), () -> "stream refused: " + s.error());
        s.await("ready", WAIT);
        return s;
    }

    /**
     * A free-text field: how to write a value into it (the answer of the create or update), how to read the stored
     * value back with a GET, the event that carries it and on which stream, where in that event's data the written
     * record is ({@code carried}: a JSON pointer such as {@code /customer}; empty for emitted data, whose record is
     * the event itself) and its id ({@code recordId}, from the write's answer), and the data a refused write must
     * leave. {@code event} is null for a field that no event carries.
     */
    record TextField(String name, String detail, Function<String, ApiResponse> write,
                     Function<ApiResponse, String> readBack, String event, Supplier<SseClient> stream,
                     Supplier<JsonNode> state, String carried, Function<ApiResponse, String> recordId) {
        TextField(String name, String detail, Function<String, ApiResponse> write,
                  Function<ApiResponse, String> readBack, String event, Supplier<SseClient> stream,
                  Supplier<JsonNode> state, String carried) {
            this(name, detail, write, readBack, event, stream, state, carried, InjectionIT::id);
        }

        /** True when {@code e} is this field's event about the record {@code written} made, holding {@code value}. */
        boolean carries(SseEvent e, ApiResponse written, String value) {
            if (!e.event().equals(event) || e.json() == null) {
                return false;
            }
            String id = recordId.apply(written);
            if (carried.isEmpty()) {
                return id.equals(e.id()) && value.equals(e.json().path("text").asText(null));
            }
            JsonNode record = e.json().at(carried);
            return id.equals(record.path("id").asText())
                    && value.equals(record.at("/" + detail.replace('.', '/')).asText(null));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<TextField> fields() {
        List<TextField> f = new ArrayList<>();
        f.add(new TextField("customer company", "company",
                v -> root.post("/api/customers", with(Fixtures.customerBody("x"), "company", v)),
                r -> get(root, "/api/customers/" + id(r)).get("company").asText(), "customer:created",
                () -> adminStream, () -> total(root, "/api/customers"), "/customer"));
        f.add(new TextField("customer owner", "owner",
                v -> root.post("/api/customers", with(Fixtures.customerBody("Owned"), "owner", v)),
                r -> get(root, "/api/customers/" + id(r)).get("owner").asText(), "customer:created",
                () -> adminStream, () -> total(root, "/api/customers"), "/customer"));
        f.add(new TextField("customer plan name", "plan.name",
                v -> root.post("/api/customers", with(Fixtures.customerBody("Planned"), "plan",
                        Map.of("name", v, "monthlyPrice", 10))),
                r -> get(root, "/api/customers/" + id(r)).get("plan").get("name").asText(), "customer:created",
                () -> adminStream, () -> total(root, "/api/customers"), "/customer"));
        for (String field : List.of("name", "department", "company")) {
            f.add(new TextField("staff " + field, field,
                    v -> root.post("/api/users", with(staffBody(), field, v)),
                    r -> get(root, "/api/users/" + id(r)).get(field).asText(), "user:created",
                    () -> adminStream, () -> total(root, "/api/users"), "/user"));
        }
        // No event carries a customer user's name: their creation is a customer:updated (the counts) and an
        // account:updated, and user:created is for internal users only.
        f.add(new TextField("customer user name", "name",
                v -> root.post("/api/customers/" + customerId + "/users", Map.of("name", v,
                        "email", unique() + "@customer.test", "password", Fixtures.PASSWORD, "role", "MANAGER")),
                r -> get(root, "/api/customers/" + customerId + "/users/" + id(r)).get("name").asText(),
                null, () -> adminStream, () -> total(root, "/api/customers/" + customerId + "/users"), null));
        for (String field : List.of("company", "owner")) {
            f.add(new TextField("account " + field, field,
                    v -> owner.put("/api/account", with(Map.of("company", "Injection Co", "owner", "Ann Owner",
                            "email", "ann@injection.example"), field, v)),
                    r -> get(owner, "/api/account").get(field).asText(), "account:updated",
                    () -> ownerStream, () -> get(root, "/api/customers/" + customerId), "/customer",
                    r -> customerId));
        }
        for (String field : List.of("name", "address")) {
            f.add(new TextField("property " + field, field,
                    v -> owner.post("/api/properties", with(Map.of("name", "House", "address", "1 Road", "units", 1),
                            field, v)),
                    r -> get(owner, "/api/properties/" + id(r)).get(field).asText(), "property:created",
                    () -> ownerStream, () -> total(owner, "/api/properties"), "/property"));
        }
        f.add(new TextField("payment note", "note",
                v -> owner.post("/api/payments", Map.of("tenantId", tenantId, "amount", 1, "note", v)),
                r -> get(owner, "/api/payments/" + id(r)).get("note").asText(), "payment:received",
                () -> ownerStream, () -> total(owner, "/api/payments"), "/payment"));
        for (String field : List.of("title", "description")) {
            f.add(new TextField("maintenance " + field, field,
                    v -> tenant.post("/api/maintenance", with(Map.of("title", "T", "description", "D"), field, v)),
                    r -> get(owner, "/api/maintenance/" + id(r)).get(field).asText(), "maintenance:created",
                    () -> ownerStream, () -> total(owner, "/api/maintenance"), "/request"));
        }
        f.add(new TextField("maintenance comment", "body",
                v -> tenant.post("/api/maintenance/" + requestId + "/comments", Map.of("body", v)),
                r -> {
                    for (JsonNode c : get(owner, "/api/maintenance/" + requestId).get("comments")) {
                        if (c.get("id").asText().equals(id(r))) {
                            return c.get("body").asText();
                        }
                    }
                    throw new AssertionError("comment " + id(r) + " not in its thread");
                }, "maintenance:updated", () -> ownerStream,
                () -> get(owner, "/api/maintenance/" + requestId).get("comments"), "/comment"));
        f.add(new TextField("emitted data", "data",
                v -> root.post("/api/realtime/emit", Map.of("room", "admins", "event", "test:note",
                        "data", Map.of("text", v))),
                r -> get(root, "/api/realtime/events/" + id(r)).get("data").get("text").asText(), "test:note",
                () -> adminStream, () -> IntNode.valueOf(get(root, "/api/activity?limit=1").path("items").path(0)
                        .path("id").asInt()), ""));
        return f;
    }

    static Stream<Arguments> everyFieldWithEveryPayload() {
        return fields().stream().flatMap(field -> PAYLOADS.stream().map(p -> Arguments.of(field, p)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyFieldWithEveryPayload")
    void hostileTextIsStoredAndAnsweredVerbatimAndTravelsAsOneDataLine(TextField field, String payload) {
        ApiResponse written = field.write().apply(payload);
        assertTrue(written.status() == 200 || written.status() == 201, () -> field + ": " + written);
        assertTrue(containsText(written.json(), payload), () -> "the answer carries it verbatim: " + written);
        assertEquals(payload, field.readBack().apply(written), "stored verbatim");

        if (field.event() != null) {
            SseEvent carried = field.stream().get().await(e -> field.carries(e, written, payload), WAIT,
                    field.event() + " about " + written.json().path("id").asText() + " carrying " + field);
            assertFalse(carried.data().contains("\n") || carried.data().contains("\r"),
                    () -> "the frame's data spans more than one line: " + carried.data());
        }
        for (SseClient s : List.of(adminStream, ownerStream)) {
            for (SseEvent e : s.events()) {
                assertFalse(e.event().contains("injected") || "999999".equals(e.id()),
                        () -> "a value became a field of its own: " + e);
            }
        }
        // Every other row is as it was, and the tables are all still there.
        assertEquals(bystander, get(root, "/api/customers/" + id(bystander)));
        expect(root.get("/api/users?limit=1"), 200);
    }

    static Stream<Arguments> searchableFieldsWithEveryPayload() {
        return everyFieldWithEveryPayload().filter(a -> Set.of("customer company", "staff name")
                .contains(((TextField) a.get()[0]).name()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("searchableFieldsWithEveryPayload")
    void searchingForHostileTextFindsOnlyWhatContainsIt(TextField field, String payload) {
        String path = field.name().startsWith("customer") ? "/api/customers" : "/api/users";
        String createdId = id(field.write().apply(payload));
        JsonNode page = expect(root.get(path + "?limit=200&q=" + encode(payload)), 200).json();
        List<String> ids = new ArrayList<>();
        for (JsonNode item : page.get("items")) {
            ids.add(item.get("id").asText());
            assertTrue(holdsText(payload, item), () -> "?q= matched a row without the text: " + item);
        }
        assertTrue(ids.contains(createdId), () -> "?q= finds the row that holds the text: " + page);
        assertFalse(ids.contains(id(bystander)), "the search is not widened by the text");
    }

    /** Emitted data is any JSON, kept as JSON text: a NUL there is written as the escape \u0000, never raw. */
    static Stream<TextField> everyField() {
        return fields().stream().filter(f -> !f.name().equals("emitted data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyField")
    void aNulCharacterIsRefusedWith422NamingTheFieldAndStoresNothing(TextField field) {
        JsonNode before = field.state().get();
        ApiResponse r = field.write().apply("before\u0000after");
        assertError(r, 422, "validation_failed");
        assertTrue(Contract.detailFields(r).stream().anyMatch(f -> f.equals(field.detail())
                || f.startsWith(field.detail() + ".")), () -> "the details name " + field.detail() + ": " + r);
        assertEquals(before, field.state().get(), "nothing stored");
    }

    /**
     * What an answer to a filter must hold: for a list, each item satisfies it (a filter that is ignored answers
     * every row, and there are rows of every kind that do not match any of these values); for the totals, the month
     * asked for; for a limit, at most that many items (a value that is not a number has no 200 answer then).
     */
    record Filter(String param, BiPredicate<String, JsonNode> itemMatches, BiPredicate<String, JsonNode> pageMatches) {
        Filter(String param, BiPredicate<String, JsonNode> itemMatches) {
            this(param, itemMatches, (value, page) -> page.has("items"));
        }

        static Filter limit(String param) {
            return new Filter(param, (value, item) -> true,
                    (value, page) -> page.get("items").size() <= Long.parseLong(value.trim()));
        }

        @Override
        public String toString() {
            return param;
        }
    }

    static final List<Filter> FILTERS = List.of(
            new Filter("/api/customers?q=", InjectionIT::holdsText),
            new Filter("/api/customers?status=", (v, item) -> item.path("status").asText().equalsIgnoreCase(v)),
            new Filter("/api/users?q=", InjectionIT::holdsText),
            new Filter("/api/users?role=", (v, item) -> item.path("role").asText().equalsIgnoreCase(v)),
            Filter.limit("/api/customers/{customer}/users?limit="),
            new Filter("/api/payments?month=", (v, item) -> item.path("month").asText().equals(v)),
            new Filter("/api/payments?propertyId=", (v, item) -> item.path("propertyId").asText().equals(v)),
            new Filter("/api/payments/totals?month=", (v, item) -> true,
                    (v, page) -> page.path("month").asText().equals(v)),
            new Filter("/api/maintenance?status=", (v, item) -> item.path("status").asText().equalsIgnoreCase(v)),
            new Filter("/api/notifications?unread=", (v, item) -> !Boolean.parseBoolean(v) || !item.path("read")
                    .asBoolean()),
            new Filter("/api/activity?before=", (v, item) -> item.path("id").asLong() < Long.parseLong(v.trim())),
            Filter.limit("/api/activity?limit="),
            new Filter("/api/customers?offset=", (v, item) -> Long.parseLong(v.trim()) >= 0,
                    (v, page) -> page.path("offset").asLong() == Long.parseLong(v.trim())),
            Filter.limit("/api/properties?limit="),
            // No hostile text is a sort column: each is refused (a 200 would be checked as a page, its items all kept).
            new Filter("/api/customers?sort=", (v, item) -> true),
            new Filter("/api/users?sort=", (v, item) -> true));

    /** Every list filter and search parameter, with the values a client could put there. */
    static Stream<Arguments> filters() {
        List<String> values = new ArrayList<>(PAYLOADS);
        values.add("nul\u0000inside");
        return FILTERS.stream().flatMap(f -> values.stream().map(v -> Arguments.of(f, v)));
    }

    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("filters")
    void filtersAnswerHostileTextNormally(Filter filter, String value) {
        String param = filter.param();
        ApiClient caller = param.startsWith("/api/payments") || param.startsWith("/api/maintenance")
                || param.startsWith("/api/properties") ? owner : root;
        ApiResponse r = caller.get(param.replace("{customer}", customerId) + encode(value));
        if (r.status() == 200) {
            assertFalse(value.contains("\u0000"), () -> "a NUL character reached the query: " + r);
            JsonNode page = r.json();
            assertTrue(page != null && filter.pageMatches().test(value, page), () -> "the answer ignores " + param
                    + ": " + r);
            for (JsonNode item : page.path("items")) {
                assertTrue(filter.itemMatches().test(value, item), () -> param + value + " answered " + item);
            }
        } else {
            JsonNode error = assertError(r, 400, "invalid_parameter");
            assertFalse(error.toString().contains("<script") || error.toString().contains("onerror"),
                    () -> "the error echoes markup: " + r);
        }
        expect(root.get("/api/customers/" + id(bystander)), 200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsAsIds")
    void hostileTextAsAnIdIsA404ThatDoesNotEchoIt(String payload) {
        for (String path : List.of("/api/customers/", "/api/users/", "/api/customers/" + customerId + "/users/")) {
            ApiResponse r = root.get(path + encode(payload).replace("+", "%20"));
            // 404 like any unknown id, or the server's 400 for characters a path may not hold at all
            JsonNode error = assertError(r, r.status() == 400 ? 400 : 404, null);
            String message = error.get("message").asText();
            assertTrue(message.matches("[A-Za-z .]*('[A-Za-z0-9_\\-.?]*')?[A-Za-z .]*"),
                    () -> "the answer echoes the text unescaped: " + error);
        }
    }

    static Stream<String> payloadsAsIds() {
        return PAYLOADS.stream().filter(p -> !p.contains("/") && !p.contains("\\"));
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /** Whether a customer's or user's searched fields hold {@code text} (trimmed, in any case). */
    private static boolean holdsText(String text, JsonNode item) {
        String haystack = (item.path("company").asText() + " " + item.path("owner").asText() + " "
                + item.path("name").asText() + " " + item.path("email").asText()).toLowerCase(Locale.ROOT);
        return haystack.contains(text.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether {@code node} holds a text value equal to {@code text} anywhere. */
    private static boolean containsText(JsonNode node, String text) {
        if (node.isTextual()) {
            return node.asText().equals(text);
        }
        for (JsonNode child : node) {
            if (containsText(child, text)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, Object> staffBody() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Staff");
        body.put("email", unique() + "@propertyhub.test");
        body.put("password", Fixtures.PASSWORD);
        body.put("role", "SUPPORT");
        return body;
    }

    private static JsonNode get(ApiClient client, String path) {
        return expect(client.get(path), 200).json();
    }

    private static JsonNode total(ApiClient client, String path) {
        return IntNode.valueOf(get(client, path).get("total").asInt());
    }

    private static String id(ApiResponse r) {
        if (r.json() == null || !r.json().has("id")) {
            throw new AssertionError("no id in " + r);
        }
        return r.json().get("id").asText();
    }

    private static String id(JsonNode entity) {
        return entity.get("id").asText();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String unique() {
        return "inj-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

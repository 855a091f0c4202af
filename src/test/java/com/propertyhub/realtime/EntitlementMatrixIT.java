package com.propertyhub.realtime;

import static com.propertyhub.realtime.RealtimeFixtures.WAIT;
import static com.propertyhub.realtime.RealtimeFixtures.emit;
import static com.propertyhub.realtime.RealtimeFixtures.openReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.RoleStreams;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who receives which event: every event type (customers, users, accounts, properties, tenancies, payments,
 * maintenance, notifications, typing, presence) and every emit room against a stream of every role, for two
 * customers (customer A with two tenants, so one tenant's private events are seen not to reach the other).
 * "Never receives" is proven with a marker emitted to everyone after the change ({@link RoleStreams}); payloads
 * are compared with a GET of the same resource.
 */
class EntitlementMatrixIT {
    private static final Set<String> ADMINS = Set.of("SUPER_ADMIN", "ADMIN", "SUPPORT");
    private static final Set<String> CUSTOMER_A = Set.of("OWNER_A", "MANAGER_A", "TENANT_A", "TENANT2_A");
    private static final Set<String> STAFF_A = Set.of("OWNER_A", "MANAGER_A");
    private static final Duration PRESENCE_GRACE = Duration.ofSeconds(1);
    private static final Set<String> CUSTOMER_B = Set.of("OWNER_B", "MANAGER_B", "TENANT_B");

    private static TestNode node;
    private static ApiClient root;
    private static ApiClient admin;
    private static JsonNode customerA;
    private static JsonNode customerB;
    /** Every role's client, user and open stream, by label (SUPER_ADMIN, ..., TENANT_B). */
    private static RoleStreams streams;

    @BeforeAll
    static void startNodeAndOpenAStreamPerRole() {
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        // presence:left comes PRESENCE_GRACE after a closed stream is noticed, at the latest on the next heartbeat.
        settings.put("PRESENCE_GRACE", PRESENCE_GRACE.toMillis() + "ms");
        settings.put("SSE_HEARTBEAT", "500ms");
        settings.put("LOGIN_MAX_FAILURES", "1000");
        node = TestNode.start(settings);
        root = node.api().loginAsAdmin();
        streams = new RoleStreams(root);
        JsonNode adminUser = Fixtures.staff(root, "ADMIN");
        admin = Fixtures.loginAs(root, adminUser);
        JsonNode supportUser = Fixtures.staff(root, "SUPPORT");
        customerA = Fixtures.customer(admin, "Alpha Estates");
        customerB = Fixtures.customer(admin, "Beta Lettings");

        join("SUPER_ADMIN", root, root.get("/api/auth/me").json());
        join("ADMIN", admin, adminUser);
        join("SUPPORT", Fixtures.loginAs(root, supportUser), supportUser);
        for (String role : List.of("OWNER", "MANAGER", "TENANT", "TENANT2")) {
            JsonNode a = Fixtures.customerUser(admin, id(customerA), role.replace("2", ""));
            join(role + "_A", Fixtures.loginAs(root, a), a);
        }
        for (String role : List.of("OWNER", "MANAGER", "TENANT")) {
            JsonNode b = Fixtures.customerUser(admin, id(customerB), role);
            join(role + "_B", Fixtures.loginAs(root, b), b);
        }
        settle();
    }

    private static void join(String label, ApiClient api, JsonNode user) {
        streams.join(label, api, user);
    }

    @AfterAll
    static void stop() {
        if (streams != null) {
            streams.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void customerCreatedReachesOnlyAdminsWithTheRestJson() {
        JsonNode created = Fixtures.customer(admin, "Gamma Homes");
        Predicate<SseEvent> match = named("customer:created", "customer", created);
        settle();

        assertReceivedBy(ADMINS, match, "customer:created");
        assertPayloads(ADMINS, match, "customer", admin.get("/api/customers/" + id(created)).json());
    }

    @Test
    void customerUpdateReachesAdminsAndThatCustomersAccountOnly() {
        Fixtures.expect(admin.patch("/api/customers/" + id(customerA), Map.of("phone", "+1 555 0111")), 200);
        Predicate<SseEvent> updated = named("customer:updated", "customer", customerA);
        Predicate<SseEvent> account = named("account:updated", "customer", customerA);
        settle();

        assertReceivedBy(ADMINS, updated, "customer:updated");
        assertReceivedBy(CUSTOMER_A, account, "account:updated");
        JsonNode rest = admin.get("/api/customers/" + id(customerA)).json();
        assertEquals("+1 555 0111", rest.get("phone").asText());
        assertPayloads(ADMINS, updated, "customer", rest);
        assertPayloads(CUSTOMER_A, account, "customer", member("TENANT_A").api().get("/api/account").json());
        // Who did it: staff read the staff member; the customer's users read no staff name, id or role.
        streams.assertActor(ADMINS, updated, actorOf(member("ADMIN").user()));
        streams.assertActor(CUSTOMER_A, account, SUPPORT_ACTOR);
    }

    @Test
    void accountUpdateByOwnerReachesAdminsAndItsOwnCustomerOnly() {
        ApiClient ownerB = member("OWNER_B").api();
        JsonNode before = ownerB.get("/api/account").json();
        Fixtures.expect(ownerB.put("/api/account", Map.of("company", "Beta Lettings Ltd",
                "owner", before.get("owner").asText(), "email", before.get("email").asText())), 200);
        Predicate<SseEvent> updated = named("customer:updated", "customer", customerB);
        Predicate<SseEvent> account = named("account:updated", "customer", customerB);
        settle();

        assertReceivedBy(ADMINS, updated, "customer:updated");
        assertReceivedBy(CUSTOMER_B, account, "account:updated");
        JsonNode rest = ownerB.get("/api/account").json();
        assertEquals("Beta Lettings Ltd", rest.get("company").asText());
        assertPayloads(CUSTOMER_B, account, "customer", rest);
        assertPayloads(ADMINS, updated, "customer", admin.get("/api/customers/" + id(customerB)).json());
        // A customer's own user is named to staff and to that customer's users alike.
        streams.assertActor(ADMINS, updated, actorOf(member("OWNER_B").user()));
        streams.assertActor(CUSTOMER_B, account, actorOf(member("OWNER_B").user()));
    }

    @Test
    void customerSideUserChangesUpdateTheCountsOfAdminsAndThatAccount() {
        // Admin adds a tenant, the owner adds a manager, the owner renames it, the admin removes both.
        JsonNode tenant = Fixtures.customerUser(admin, id(customerA), "TENANT");
        expectAccountChange(1);
        ApiClient ownerA = member("OWNER_A").api();
        JsonNode manager = Fixtures.expect(ownerA.post("/api/account/users", Map.of("name", "New manager",
                "email", "manager-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.test",
                "password", Fixtures.PASSWORD, "role", "MANAGER")), 201).json();
        expectAccountChange(2);
        Fixtures.expect(ownerA.patch("/api/account/users/" + id(manager), Map.of("name", "Renamed manager")), 200);
        expectAccountChange(3);
        Fixtures.expect(admin.delete("/api/customers/" + id(customerA) + "/users/" + id(tenant)), 204);
        Fixtures.expect(admin.delete("/api/customers/" + id(customerA) + "/users/" + id(manager)), 204);
        expectAccountChange(5);

        // A change to a member with an open stream also reaches that member's own room, and nobody else's.
        JsonNode renamed = Fixtures.expect(ownerA.patch("/api/account/users/" + id(member("MANAGER_A").user()),
                Map.of("name", "Manager of Alpha")), 200).json();
        Predicate<SseEvent> ownUpdate = named("user:updated", "user", renamed);
        expectAccountChange(6);
        assertReceivedBy(Set.of("MANAGER_A"), ownUpdate, "user:updated of a customer-side user");
        assertPayloads(Set.of("MANAGER_A"), ownUpdate, "user", renamed);
        assertFalse(member("MANAGER_A").stream().ended(), "a rename keeps the stream");
    }

    /** Since the last call, exactly the changes up to the {@code total}th went to admins and to A, with REST counts. */
    private int changesSeen;

    private void expectAccountChange(int total) {
        int added = total - changesSeen;
        changesSeen = total;
        settle();
        for (RoleStreams.Member m : streams.members()) {
            long updates = window(m.stream()).stream().filter(named("customer:updated", "customer", customerA)).count();
            long accounts = window(m.stream()).stream().filter(named("account:updated", "customer", customerA)).count();
            assertEquals(ADMINS.contains(m.label()) ? added : 0, updates, m.label() + " customer:updated");
            assertEquals(CUSTOMER_A.contains(m.label()) ? added : 0, accounts, m.label() + " account:updated");
        }
        JsonNode rest = admin.get("/api/customers/" + id(customerA)).json();
        JsonNode lastSeen = last(member("SUPPORT").stream(), named("customer:updated", "customer", customerA));
        assertEquals(rest, lastSeen.get("customer"), "the last customer:updated equals GET");
        assertEquals(rest.get("_count"), last(member("MANAGER_A").stream(),
                named("account:updated", "customer", customerA)).get("customer").get("_count"));
    }

    @Test
    void customerDeleteReachesAdminsAndTheDeletedCustomersUsersOnly() {
        JsonNode doomed = Fixtures.customer(admin, "Delta Doomed");
        JsonNode doomedOwner = Fixtures.customerUser(admin, id(doomed), "OWNER");
        try (SseClient ownerStream = openReady(Fixtures.loginAs(root, doomedOwner))) {
            Fixtures.expect(admin.delete("/api/customers/" + id(doomed)), 204);
            Predicate<SseEvent> deleted = e -> e.event().equals("customer:deleted")
                    && e.json().path("customerId").asText().equals(id(doomed));
            Predicate<SseEvent> accountDeleted = e -> e.event().equals("account:deleted")
                    && e.json().path("customerId").asText().equals(id(doomed));
            settle();

            assertReceivedBy(ADMINS, deleted, "customer:deleted");
            assertReceivedBy(Set.of(), accountDeleted, "account:deleted");
            assertEquals(Map.of("customerId", id(doomed), "company", "Delta Doomed",
                    "actor", asMap(actorOf(member("ADMIN").user()))), asMap(first(member("ADMIN").stream(), deleted)));
            assertEquals(404, admin.get("/api/customers/" + id(doomed)).status());

            // The deleted customer's own users hear it once, and then lose the stream with their account.
            ownerStream.await(accountDeleted, WAIT, "account:deleted at the deleted customer's owner");
            ownerStream.awaitEnded(WAIT);
            assertEquals(1, ownerStream.events().stream().filter(accountDeleted).count());
            assertEquals(Map.of("customerId", id(doomed), "actor", asMap(SUPPORT_ACTOR)),
                    asMap(ownerStream.events().stream().filter(accountDeleted).findFirst().orElseThrow().json()));
            assertTrue(ownerStream.events().stream().noneMatch(deleted), "customer:deleted is for admins only");
        }
    }

    @Test
    void internalUserEventsReachOnlyAdminsWithoutSecrets() {
        JsonNode staff = Fixtures.staff(root, "SUPPORT");
        Predicate<SseEvent> created = named("user:created", "user", staff);
        settle();
        assertReceivedBy(ADMINS, created, "user:created");
        JsonNode rest = admin.get("/api/users/" + id(staff)).json();
        assertPayloads(ADMINS, created, "user", rest);
        JsonNode payload = first(member("SUPPORT").stream(), created);
        for (String secret : List.of("password", "passwordHash", "password_hash", "hash")) {
            assertFalse(payload.get("user").has(secret), "user:created carries " + secret);
        }

        Fixtures.expect(root.patch("/api/users/" + id(staff), Map.of("department", "Billing")), 200);
        Predicate<SseEvent> updated = named("user:updated", "user", staff);
        settle();
        assertReceivedBy(ADMINS, updated, "user:updated");
        assertPayloads(ADMINS, updated, "user", admin.get("/api/users/" + id(staff)).json());

        Fixtures.expect(root.delete("/api/users/" + id(staff)), 204);
        Predicate<SseEvent> deleted = e -> e.event().equals("user:deleted")
                && e.json().path("userId").asText().equals(id(staff));
        settle();
        assertReceivedBy(ADMINS, deleted, "user:deleted");
        assertEquals(Map.of("userId", id(staff), "name", staff.get("name").asText(),
                "actor", asMap(actorOf(member("SUPER_ADMIN").user()))),
                asMap(first(member("ADMIN").stream(), deleted)));
    }

    @Test
    void emitsReachExactlyTheMembersOfTheirRoom() {
        Map<String, Set<String>> audience = new LinkedHashMap<>();
        audience.put("owners", Set.of("OWNER_A", "OWNER_B"));
        audience.put("managers", Set.of("MANAGER_A", "MANAGER_B"));
        audience.put("tenants", Set.of("TENANT_A", "TENANT2_A", "TENANT_B"));
        audience.put("admins", ADMINS);
        audience.put("user:" + id(member("TENANT_A").user()), Set.of("TENANT_A"));
        audience.put("user:" + id(member("ADMIN").user()), Set.of("ADMIN"));
        audience.put("customer:" + id(customerA), CUSTOMER_A);
        audience.put("customer:" + id(customerB), CUSTOMER_B);
        audience.put("*", streams.labels());

        Map<String, String> nonces = new LinkedHashMap<>();
        for (String room : audience.keySet()) {
            String nonce = UUID.randomUUID().toString();
            nonces.put(room, nonce);
            emit(root, room, "test:note", Map.of("nonce", nonce, "room", room, "list", List.of(1, 2, 3)));
        }
        settle();

        for (Map.Entry<String, Set<String>> e : audience.entrySet()) {
            String nonce = nonces.get(e.getKey());
            Predicate<SseEvent> match = ev -> ev.event().equals("test:note")
                    && nonce.equals(ev.json().path("nonce").asText());
            assertReceivedBy(e.getValue(), match, "emit to " + e.getKey());
            for (String label : e.getValue()) {
                assertEquals(Map.of("nonce", nonce, "room", e.getKey(), "list", List.of(1, 2, 3)),
                        asMap(first(member(label).stream(), match)), "payload of the emit to " + e.getKey());
            }
        }
    }

    @Test
    void customerBNeverReceivesAnythingAboutCustomerA() {
        String a = id(customerA);
        ApiClient ownerA = member("OWNER_A").api();
        JsonNode before = ownerA.get("/api/account").json();
        Fixtures.expect(admin.patch("/api/customers/" + a, Map.of("status", "trial")), 200);
        Fixtures.expect(ownerA.put("/api/account", Map.of("company", "Alpha Estates Group",
                "owner", before.get("owner").asText(), "email", before.get("email").asText())), 200);
        JsonNode tenant = Fixtures.customerUser(admin, a, "TENANT");
        Fixtures.expect(admin.delete("/api/customers/" + a + "/users/" + id(tenant)), 204);
        emit(root, "customer:" + a, "test:note", Map.of("customerId", a));
        emit(root, "user:" + id(member("OWNER_A").user()), "test:note", Map.of("customerId", a));
        settle();

        for (String label : CUSTOMER_B) {
            List<SseEvent> seen = member(label).stream().events();
            for (SseEvent e : seen) {
                assertFalse(e.data().contains(a), label + " received " + e.event() + " about customer A: " + e.data());
                assertFalse(e.event().startsWith("customer:") || e.event().startsWith("user:"),
                        label + " received admin event " + e.event());
            }
            assertTrue(seen.stream().anyMatch(e -> e.event().equals(RealtimeFixtures.MARKER)), "markers reached "
                    + label);
        }
        for (String label : CUSTOMER_A) {
            assertTrue(member(label).stream().events().stream()
                    .anyMatch(e -> e.event().equals("account:updated") && e.data().contains("Alpha Estates Group")),
                    label + " heard about its own account change");
        }
    }

    @Test
    void propertyTenancyAndPaymentEventsReachTheirCustomerAndTheirPeopleOnly() {
        ApiClient ownerA = member("OWNER_A").api();
        JsonNode property = Fixtures.expect(ownerA.post("/api/properties", Map.of("name", "Matrix Court", "units", 4)),
                201).json();
        settle();
        // Property events follow GET /api/properties/{id}: staff, and the tenants who rent the property.
        assertReceivedBy(STAFF_A, named("property:created", "property", property), "property:created");
        assertPayloads(STAFF_A, named("property:created", "property", property), "property",
                ownerA.get("/api/properties/" + id(property)).json());
        assertReceivedBy(ADMINS, named("customer:updated", "customer", customerA), "customer:updated (a new property)");

        JsonNode updated = Fixtures.expect(member("MANAGER_A").api().patch("/api/properties/" + id(property),
                Map.of("units", 5)), 200).json();
        JsonNode tenant = Fixtures.expect(ownerA.put("/api/properties/" + id(property) + "/tenants/"
                + member("TENANT_A").id(), Map.of()), 200).json();
        settle();
        assertReceivedBy(STAFF_A, named("property:updated", "property", property), "property:updated (not rented yet)");
        assertPayloads(STAFF_A, named("property:updated", "property", property), "property", updated);
        assertReceivedBy(Set.of("TENANT_A"), named("user:updated", "user", tenant), "user:updated (a tenancy)");

        JsonNode rented = Fixtures.expect(ownerA.patch("/api/properties/" + id(property), Map.of("units", 6)), 200)
                .json();
        settle();
        Set<String> readers = Set.of("OWNER_A", "MANAGER_A", "TENANT_A");
        assertReceivedBy(readers, named("property:updated", "property", property), "property:updated (rented)");
        assertPayloads(readers, named("property:updated", "property", property), "property", rented);
        assertPayloads(Set.of("TENANT_A"), named("property:updated", "property", property), "property",
                member("TENANT_A").api().get("/api/properties/" + id(property)).json());

        JsonNode paid = Fixtures.expect(member("TENANT_A").api().post("/api/payments", Map.of("amount", "10.00")), 201)
                .json();
        settle();
        Set<String> payers = Set.of("OWNER_A", "MANAGER_A", "TENANT_A");
        assertReceivedBy(payers, named("payment:received", "payment", paid), "payment:received");
        assertPayloads(payers, named("payment:received", "payment", paid), "payment",
                ownerA.get("/api/payments/" + id(paid)).json());

        Fixtures.expect(ownerA.delete("/api/properties/" + id(property)), 204);
        settle();
        assertReceivedBy(readers, RoleStreams.withField("property:deleted", "propertyId", id(property)),
                "property:deleted");
        assertReceivedBy(Set.of("TENANT_A"), named("user:updated", "user", tenant), "user:updated (tenancy ended)");
    }

    @Test
    void maintenanceAndNotificationEventsReachTheRequestsPeopleOnly() {
        ApiClient tenantA = member("TENANT_A").api();
        JsonNode request = Fixtures.expect(tenantA.post("/api/maintenance",
                Map.of("title", "Matrix leak", "description", "Drip")), 201).json();
        String path = "/api/maintenance/" + id(request);
        Predicate<SseEvent> created = named("maintenance:created", "request", request);
        settle();
        Set<String> people = Set.of("OWNER_A", "MANAGER_A", "TENANT_A");
        assertReceivedBy(people, created, "maintenance:created");
        // The event carries the request without its thread (commentCount says how long it is), the REST answer with it.
        ObjectNode withoutThread = member("OWNER_A").api().get(path).json().deepCopy();
        withoutThread.remove("comments");
        assertPayloads(people, created, "request", withoutThread);
        assertReceivedBy(STAFF_A, notification("New maintenance request: Matrix leak"), "notification (new request)");

        Fixtures.expect(member("MANAGER_A").api().patch(path, Map.of("status", "in_progress")), 200);
        settle();
        assertReceivedBy(people, named("maintenance:updated", "request", request), "maintenance:updated (status)");
        assertReceivedBy(Set.of("TENANT_A"), notification("Your request is now"), "notification (status change)");

        JsonNode comment = Fixtures.expect(tenantA.post(path + "/comments", Map.of("body", "Still dripping")), 201)
                .json();
        settle();
        Predicate<SseEvent> commented = e -> named("maintenance:updated", "request", request).test(e)
                && id(comment).equals(e.json().path("comment").path("id").asText());
        assertReceivedBy(people, commented, "maintenance:updated (comment)");
        assertReceivedBy(STAFF_A, notification("New comment on Matrix leak"), "notification (comment)");

        Fixtures.expect(tenantA.post("/api/notifications/read-all", Map.of()), 200);
        settle();
        assertReceivedBy(Set.of("TENANT_A"), e -> e.event().equals("notification:read"), "notification:read");

        // Typing is transient: live only, to the request's people minus the typist.
        assertEquals(204, tenantA.post(path + "/typing", Map.of()).status());
        settle();
        streams.assertTransientReceivedBy(STAFF_A, e -> e.event().equals("maintenance:typing")
                && id(request).equals(e.json().path("requestId").asText()), "maintenance:typing");
    }

    @Test
    void presenceReachesAdminsAndTheUsersOwnCustomerOnly() {
        JsonNode newcomer = Fixtures.customerUser(admin, id(customerA), "TENANT");
        JsonNode newStaff = Fixtures.staff(root, "SUPPORT");
        settle();
        SseClient tenantStream = openReady(Fixtures.loginAs(root, newcomer));
        SseClient staffStream = openReady(Fixtures.loginAs(root, newStaff));
        settle();
        Set<String> adminsAndA = new TreeSet<>(ADMINS);
        adminsAndA.addAll(CUSTOMER_A);
        assertReceivedBy(adminsAndA, presence("presence:joined", newcomer), "presence:joined of a tenant of A");
        assertReceivedBy(ADMINS, presence("presence:joined", newStaff), "presence:joined of staff");

        tenantStream.close();
        staffStream.close();
        member("SUPPORT").stream().await(presence("presence:left", newcomer), RealtimeFixtures.WAIT, "tenant left");
        member("SUPPORT").stream().await(presence("presence:left", newStaff), RealtimeFixtures.WAIT, "staff left");
        settle();
        assertReceivedBy(adminsAndA, presence("presence:left", newcomer), "presence:left of a tenant of A");
        assertReceivedBy(ADMINS, presence("presence:left", newStaff), "presence:left of staff");
    }

    // ---- the shared per-role windows (RoleStreams) ------------------------------------------------------

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** How a customer's users read any staff member who made a change. */
    private static final JsonNode SUPPORT_ACTOR = JSON.createObjectNode().put("name", "PropertyHub support");

    /** The actor as staff read it: the user's id, name and role. */
    private static JsonNode actorOf(JsonNode user) {
        return JSON.createObjectNode().put("id", user.get("id").asText()).put("name", user.get("name").asText())
                .put("role", user.get("role").asText());
    }

    private static void settle() {
        streams.settle();
    }

    private static List<SseEvent> window(SseClient stream) {
        return streams.window(labelOf(stream));
    }

    private static void assertReceivedBy(Set<String> expected, Predicate<SseEvent> match, String what) {
        streams.assertReceivedBy(expected, match, what);
    }

    private static void assertPayloads(Set<String> labels, Predicate<SseEvent> match, String field, JsonNode rest) {
        streams.assertPayloads(labels, match, field, rest);
    }

    private static Predicate<SseEvent> named(String event, String field, JsonNode entity) {
        return RoleStreams.named(event, field, entity);
    }

    private static Predicate<SseEvent> notification(String titleStart) {
        return e -> e.event().equals("notification") && e.json() != null
                && e.json().path("notification").path("title").asText().startsWith(titleStart);
    }

    private static Predicate<SseEvent> presence(String event, JsonNode user) {
        return e -> e.event().equals(event) && e.json() != null
                && id(user).equals(e.json().path("user").path("id").asText());
    }

    private static JsonNode first(SseClient stream, Predicate<SseEvent> match) {
        return streams.first(labelOf(stream), match);
    }

    private static JsonNode last(SseClient stream, Predicate<SseEvent> match) {
        return streams.last(labelOf(stream), match);
    }

    private static String labelOf(SseClient stream) {
        return streams.members().stream().filter(m -> m.stream() == stream).findFirst().orElseThrow().label();
    }

    private static Map<String, Object> asMap(JsonNode n) {
        return JSON.convertValue(n,
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    }

    private static RoleStreams.Member member(String label) {
        return streams.member(label);
    }

    private static String id(JsonNode entity) {
        return entity.get("id").asText();
    }
}

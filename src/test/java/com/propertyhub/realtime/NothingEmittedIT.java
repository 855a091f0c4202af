package com.propertyhub.realtime;

import static com.propertyhub.realtime.RealtimeFixtures.WAIT;
import static com.propertyhub.realtime.RealtimeFixtures.emit;
import static com.propertyhub.realtime.RealtimeFixtures.marker;
import static com.propertyhub.realtime.RealtimeFixtures.openReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes that fail, and emits that are refused, send nothing and use up no event id: after each, the next emit
 * gets the id right after the previous marker, and no stream saw anything in between.
 */
class NothingEmittedIT {
    private static TestNode node;
    private static ApiClient root;
    private static ApiClient admin;
    private static JsonNode customer;
    private static JsonNode other;
    private static ApiClient owner;
    private List<SseClient> streams;

    @BeforeAll
    static void start() {
        // These tests count the log's ids exactly; presence:joined/left of their streams would interleave.
        java.util.Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.put("PRESENCE", "false");
        node = TestNode.start(settings);
        root = node.api().loginAsAdmin();
        admin = Fixtures.loginAs(root, Fixtures.staff(root, "ADMIN"));
        customer = Fixtures.customer(admin, "Rollback Rentals");
        other = Fixtures.customer(admin, "Other Owners");
        owner = Fixtures.loginAs(root, Fixtures.customerUser(admin, customer.get("id").asText(), "OWNER"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void openStreams() {
        streams = List.of(openReady(root), openReady(admin), openReady(owner));
    }

    @AfterEach
    void closeStreams() {
        streams.forEach(SseClient::close);
    }

    @Test
    void failedChangesAreRolledBackWithoutEvents() {
        String id = customer.get("id").asText();
        JsonNode me = root.get("/api/auth/me").json();
        JsonNode staff = Fixtures.staff(root, "SUPPORT");
        Map<String, Failure> failures = new LinkedHashMap<>();
        failures.put("PATCH a customer to another customer's email", new Failure(409, "email_taken",
                () -> admin.patch("/api/customers/" + id, Map.of("phone", "+1 555 0199",
                        "email", other.get("email").asText()))));
        failures.put("POST a customer with a taken email", new Failure(409, "email_taken",
                () -> admin.post("/api/customers", Map.of("company", "Copycat", "owner", "C. Cat",
                        "email", customer.get("email").asText(), "plan",
                        Map.of("name", "Basic", "monthlyPrice", 10)))));
        failures.put("PATCH a customer with an invalid status", new Failure(422, "validation_failed",
                () -> admin.patch("/api/customers/" + id, Map.of("status", "bankrupt"))));
        failures.put("PATCH a customer with a blank company", new Failure(422, "validation_failed",
                () -> admin.patch("/api/customers/" + id, Map.of("company", " "))));
        failures.put("POST a user with a taken email", new Failure(409, "email_taken",
                () -> root.post("/api/users", Map.of("name", "Twin", "email", staff.get("email").asText(),
                        "password", Fixtures.PASSWORD, "role", "ADMIN"))));
        failures.put("demote the last SUPER_ADMIN (after the entity changed)", new Failure(409, "last_super_admin",
                () -> root.patch("/api/users/" + me.get("id").asText(), Map.of("role", "ADMIN", "name", "Demoted"))));
        failures.put("a customer user with a taken email", new Failure(409, "email_taken",
                () -> admin.post("/api/customers/" + id + "/users", Map.of("name", "Twin",
                        "email", staff.get("email").asText(), "password", Fixtures.PASSWORD, "role", "TENANT"))));
        failures.put("PUT the account with a taken email", new Failure(409, "email_taken",
                () -> owner.put("/api/account", Map.of("company", "Rollback Rentals", "owner", "O",
                        "email", other.get("email").asText()))));

        JsonNode customerBefore = admin.get("/api/customers/" + id).json();
        for (Map.Entry<String, Failure> f : failures.entrySet()) {
            long before = marker(root, streams);
            ApiResponse r = f.getValue().call().get();
            assertEquals(f.getValue().status(), r.status(), f.getKey() + ": " + r);
            assertEquals(f.getValue().code(), r.errorCode(), f.getKey() + ": " + r);
            long after = marker(root, streams);
            assertEquals(before + 1, after, f.getKey() + " used up an event id");
            for (SseClient s : streams) {
                assertEquals(List.of(), RealtimeFixtures.between(s, before, after), f.getKey());
            }
        }
        assertEquals(customerBefore, admin.get("/api/customers/" + id).json(), "the customer is unchanged");
        assertEquals("SUPER_ADMIN", root.get("/api/auth/me").json().get("role").asText());
        assertEquals(me.get("name"), root.get("/api/auth/me").json().get("name"));
    }

    /** A change that must fail with exactly this status and error code. */
    private record Failure(int status, String code, Supplier<ApiResponse> call) {
    }

    @Test
    void emitsThatCouldBreakTheFrameAreRefusedWith422() {
        Map<String, Map<String, Object>> refused = new LinkedHashMap<>();
        refused.put("LF in the event name", Map.of("room", "*", "event", "test:x\nevent: ready", "data", Map.of()));
        refused.put("CR in the event name", Map.of("room", "*", "event", "test:x\rid: 999999", "data", Map.of()));
        refused.put("CRLF at the end of the event name", Map.of("room", "*", "event", "test:x\r\n", "data", Map.of()));
        refused.put("spaces in the room", Map.of("room", "admins x", "event", "test:x", "data", Map.of()));
        refused.put("LF in the room", Map.of("room", "admins\n", "event", "test:x", "data", Map.of()));
        refused.put("empty event", Map.of("room", "*", "event", "", "data", Map.of()));
        refused.put("no room", Map.of("event", "test:x", "data", Map.of()));
        refused.put("a spoofed ready", Map.of("room", "*", "event", "ready", "data", Map.of()));
        refused.put("a spoofed resync", Map.of("room", "*", "event", "resync", "data", Map.of()));
        refused.put("a spoofed auth:expired", Map.of("room", "*", "event", "auth:expired", "data", Map.of()));

        for (Map.Entry<String, Map<String, Object>> e : refused.entrySet()) {
            long before = marker(root, streams);
            ApiResponse r = root.post("/api/realtime/emit", e.getValue());
            assertEquals(422, r.status(), e.getKey() + ": " + r);
            assertEquals("validation_failed", r.errorCode(), e.getKey());
            long after = marker(root, streams);
            assertEquals(before + 1, after, e.getKey() + " used up an event id");
            for (SseClient s : streams) {
                assertEquals(List.of(), RealtimeFixtures.between(s, before, after), e.getKey());
            }
        }
    }

    @Test
    void newlinesInsideDataStayInsideOneDataLine() {
        String text = "line one\nline two\r\nline three\r\n\nevent: ready\nid: 999999";
        long id = emit(root, "*", "test:multiline", Map.of("text", text, "list", List.of("a\nb")));
        for (SseClient s : streams) {
            SseEvent e = s.await(ev -> RealtimeFixtures.hasId(ev, id), WAIT, "the multi-line emit");
            assertFalse(e.data().contains("\n"), "the payload spans several data: lines: " + e.data());
            assertEquals(text, e.json().get("text").asText());
            assertEquals("a\nb", e.json().get("list").get(0).asText());
            assertEquals(1, s.named("ready").size(), "an injected ready was parsed");
        }
        long plain = emit(root, "*", "test:string", "just a\nstring");
        SseEvent e = streams.get(0).await(ev -> RealtimeFixtures.hasId(ev, plain), WAIT, "a string payload");
        assertEquals("just a\nstring", e.json().asText());
    }

    @Test
    void onlySuperAdminsMayEmit() {
        long before = marker(root, streams);
        for (ApiClient notAllowed : List.of(admin, owner)) {
            ApiResponse r = notAllowed.post("/api/realtime/emit", Map.of("room", "*", "event", "test:x", "data",
                    Map.of()));
            assertEquals(403, r.status(), r.toString());
            assertEquals("forbidden", r.errorCode());
        }
        assertEquals(401, node.api().post("/api/realtime/emit", Map.of("room", "*", "event", "test:x")).status());
        long after = marker(root, streams);
        assertEquals(before + 1, after);
        for (SseClient s : streams) {
            assertEquals(List.of(), RealtimeFixtures.between(s, before, after));
        }
    }
}

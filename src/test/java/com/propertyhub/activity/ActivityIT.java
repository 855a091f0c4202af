package com.propertyhub.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /api/activity: the event log, newest first, holding exactly what the caller's streams would get. */
class ActivityIT extends NodeTest {

    private static void emit(String room, String marker) {
        Fixtures.expect(admin.post("/api/realtime/emit", Map.of("room", room, "event", "notice:created",
                "data", Map.of("marker", marker))), 201);
    }

    private static List<JsonNode> items(ApiClient client, String query) {
        JsonNode feed = Fixtures.expect(client.get("/api/activity" + query), 200).json();
        List<JsonNode> items = new ArrayList<>();
        feed.get("items").forEach(items::add);
        return items;
    }

    private static Set<String> markers(List<JsonNode> items) {
        Set<String> markers = new HashSet<>();
        for (JsonNode item : items) {
            if (item.path("data").has("marker")) {
                markers.add(item.path("data").path("marker").asText());
            }
        }
        return markers;
    }

    @Test
    void theFeedShowsExactlyTheEventsTheCallerIsEntitledTo() {
        String customerA = Fixtures.customer(admin, "Feed A " + UUID.randomUUID()).get("id").asText();
        String customerB = Fixtures.customer(admin, "Feed B " + UUID.randomUUID()).get("id").asText();
        JsonNode ownerUser = Fixtures.customerUser(admin, customerA, "OWNER");
        ApiClient owner = Fixtures.loginAs(admin, ownerUser);
        String run = UUID.randomUUID().toString().substring(0, 8);
        emit("customer:" + customerA, run + "-own-customer");
        emit("customer:" + customerB, run + "-other-customer");
        emit("admins", run + "-admins");
        emit("owners", run + "-owners");
        emit("tenants", run + "-tenants");
        emit("user:" + ownerUser.get("id").asText(), run + "-own-user");
        emit("*", run + "-everyone");

        List<JsonNode> ownerFeed = items(owner, "?limit=200");
        assertEquals(Set.of(run + "-own-customer", run + "-owners", run + "-own-user", run + "-everyone"),
                markers(ownerFeed));
        for (JsonNode item : ownerFeed) {
            assertFalse(item.get("event").asText().startsWith("customer:"), "an owner never sees admin events: "
                    + item);
            assertTrue(item.has("id") && item.has("createdAt") && item.get("data").isObject());
        }
        Set<String> adminMarkers = markers(items(admin, "?limit=200"));
        assertTrue(adminMarkers.contains(run + "-admins") && adminMarkers.contains(run + "-everyone"));
        assertFalse(adminMarkers.contains(run + "-own-customer") || adminMarkers.contains(run + "-owners"));
        assertTrue(items(admin, "?limit=200").stream()
                .anyMatch(i -> i.get("event").asText().equals("customer:created")));
    }

    @Test
    void pagesGoBackwardsWithBefore() {
        JsonNode tenantUser = Fixtures.customerUser(admin,
                Fixtures.customer(admin, "Paging " + UUID.randomUUID()).get("id").asText(), "TENANT");
        ApiClient tenant = Fixtures.loginAs(admin, tenantUser);
        for (int i = 1; i <= 5; i++) {
            emit("user:" + tenantUser.get("id").asText(), "page-" + i);
        }

        JsonNode first = Fixtures.expect(tenant.get("/api/activity?limit=2"), 200).json();
        assertEquals(2, first.get("limit").asInt());
        assertEquals(List.of("page-5", "page-4"), markerList(first));
        JsonNode second = Fixtures.expect(tenant.get("/api/activity?limit=2&before=" + first.get("next").asText()), 200)
                .json();
        assertEquals(List.of("page-3", "page-2"), markerList(second));
        JsonNode third = Fixtures.expect(tenant.get("/api/activity?limit=2&before=" + second.get("next").asText()), 200)
                .json();
        // Older still: the account:updated of the tenant's creation, then nothing.
        assertEquals("page-1", markerList(third).get(0));
        JsonNode last = Fixtures.expect(tenant.get("/api/activity?before=" + third.get("items").get(0).get("id")
                .asText()), 200).json();
        assertFalse(markerList(last).contains("page-1"));
        assertTrue(last.get("next").isNull(), "the last page has no next");
        long previous = Long.MAX_VALUE;
        for (JsonNode page : List.of(first, second, third)) {
            for (JsonNode item : page.get("items")) {
                long id = Long.parseLong(item.get("id").asText());
                assertTrue(id < previous, "newest first, no repeats");
                previous = id;
            }
        }
    }

    private static List<String> markerList(JsonNode page) {
        List<String> markers = new ArrayList<>();
        page.get("items").forEach(i -> markers.add(i.path("data").path("marker").asText()));
        return markers;
    }

    @Test
    void badLimitsAndCursorsAre400() {
        for (String query : List.of("?limit=0", "?limit=201", "?limit=abc", "?limit=-1", "?before=abc", "?before=0")) {
            var r = admin.get("/api/activity" + query);
            assertEquals(400, r.status(), query + ": " + r);
            assertEquals("invalid_parameter", r.errorCode(), query);
        }
        assertEquals(200, admin.get("/api/activity?limit=200").status());
        assertEquals(401, new ApiClient(node.baseUrl()).get("/api/activity").status());
    }

    /**
     * The newest entry of {@code event} in the caller's feed whose data holds {@code id} (a customer's or a user's).
     */
    private static JsonNode newest(ApiClient client, String event, String id) {
        return items(client, "?limit=200").stream()
                .filter(i -> i.get("event").asText().equals(event) && i.get("data").toString().contains(id))
                .findFirst().orElseThrow(() -> new AssertionError("no " + event + " about " + id));
    }

    @Test
    void eachChangeNamesWhoMadeItAndWhatChangedAsTheReaderMaySeeIt() {
        String customerId = Fixtures.customer(admin, "Actor Homes " + UUID.randomUUID()).get("id").asText();
        JsonNode ownerUser = Fixtures.customerUser(admin, customerId, "OWNER");
        ApiClient owner = Fixtures.loginAs(admin, ownerUser);
        JsonNode me = Fixtures.expect(admin.get("/api/auth/me"), 200).json();
        Fixtures.expect(admin.patch("/api/customers/" + customerId,
                Map.of("plan", Map.of("name", "Enterprise", "monthlyPrice", 499))), 200);

        // Staff read the staff member by name, with what changed.
        JsonNode forAdmins = newest(admin, "customer:updated", customerId).get("data");
        assertEquals(me.get("id").asText(), forAdmins.path("actor").path("id").asText(), forAdmins::toString);
        assertEquals(me.get("name").asText(), forAdmins.path("actor").path("name").asText());
        assertEquals("SUPER_ADMIN", forAdmins.path("actor").path("role").asText());
        assertEquals("[{\"field\":\"plan\",\"from\":\"Professional\",\"to\":\"Enterprise\"},"
                + "{\"field\":\"monthlyPrice\",\"from\":\"199.00\",\"to\":\"499.00\"}]",
                forAdmins.get("changes").toString());

        // The customer's own users read "PropertyHub support": no staff name, id, role or email, anywhere in the feed.
        JsonNode forOwner = newest(owner, "account:updated", customerId).get("data");
        assertEquals("{\"name\":\"PropertyHub support\"}", forOwner.get("actor").toString());
        assertEquals(forAdmins.get("changes"), forOwner.get("changes"), "their own account's fields they may see");
        String ownerFeed = items(owner, "?limit=200").toString();
        for (String secret : List.of(me.get("id").asText(), me.get("name").asText(), me.get("email").asText())) {
            assertFalse(ownerFeed.contains(secret), () -> "the owner's feed names staff (" + secret + "): "
                    + ownerFeed);
        }

        // The owner's own change is theirs by name, for staff and for the customer's users alike.
        Fixtures.expect(owner.put("/api/account", Map.of("company", "Actor Homes Renamed " + UUID.randomUUID(),
                "owner", "Olga Owner", "email", "olga-" + UUID.randomUUID() + "@actor.example")), 200);
        assertEquals(ownerUser.get("id").asText(),
                newest(admin, "customer:updated", customerId).path("data").path("actor").path("id").asText());
        assertEquals(ownerUser.get("name").asText(),
                newest(owner, "account:updated", customerId).path("data").path("actor").path("name").asText());
    }

    @Test
    void staffChangesNameTheActorAndTheChangedFieldsButNeverThePassword() {
        JsonNode staff = Fixtures.staff(admin, "SUPPORT");
        String id = staff.get("id").asText();
        Fixtures.expect(admin.patch("/api/users/" + id,
                Map.of("role", "ADMIN", "password", "another-password-1")), 200);
        JsonNode updated = newest(admin, "user:updated", id).get("data");
        assertEquals("[{\"field\":\"role\",\"from\":\"SUPPORT\",\"to\":\"ADMIN\"}]", updated.get("changes").toString());
        assertEquals("SUPER_ADMIN", updated.path("actor").path("role").asText());
        Fixtures.expect(admin.delete("/api/users/" + id), 204);
        JsonNode deleted = newest(admin, "user:deleted", id).get("data");
        assertEquals(staff.get("name").asText(), deleted.get("name").asText(), "the feed can say who was deleted");
        assertTrue(deleted.has("actor"));
    }
}

package com.propertyhub.notification;

import static com.propertyhub.maintenance.MaintenanceTeam.WAIT;
import static com.propertyhub.maintenance.MaintenanceTeam.id;
import static com.propertyhub.maintenance.MaintenanceTeam.openReady;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.maintenance.MaintenanceTeam;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notification center: stored with the change that caused it, pushed live, read and counted per user. */
class NotificationsIT extends NodeTest {

    @Test
    void aNewRequestNotifiesOwnersAndManagersLive() {
        MaintenanceTeam team = MaintenanceTeam.create(admin);
        SseClient manager = openReady(team.manager);
        SseClient otherTenant = openReady(team.otherTenant);
        try {
            JsonNode r = team.openRequest("Blocked drain");
            SseEvent pushed = manager.await("notification", WAIT);
            JsonNode n = pushed.json().get("notification");
            assertEquals("New maintenance request: Blocked drain", n.get("title").asText());
            assertFalse(n.get("read").asBoolean());
            assertTrue(n.get("link").asText().endsWith(id(r)));
            for (ApiClient staff : List.of(team.manager, team.owner)) {
                JsonNode page = expect(staff.get("/api/notifications"), 200).json();
                assertEquals(1, page.get("total").asInt());
                assertEquals(1, page.get("unread").asInt());
                assertEquals("New maintenance request: Blocked drain", page.get("items").get(0).get("title").asText());
            }
            assertEquals(n, team.manager.get("/api/notifications").json().get("items").get(0), "stored as pushed");
            assertEquals(0, expect(team.tenant.get("/api/notifications"), 200).json().get("total").asInt(),
                    "the requester is not told about their own request");
            assertEquals(0, team.otherTenant.get("/api/notifications").json().get("total").asInt());
            // Events reach a stream in id order: once a marker sent after the request is there, anything pushed
            // to the other tenant for it would be too.
            String marker = expect(admin.post("/api/realtime/emit", Map.of("room", "*", "event", "test:marker",
                    "data", Map.of())), 201).json().get("id").asText();
            otherTenant.await(e -> marker.equals(e.id()), WAIT, "the marker");
            assertEquals(List.of(), otherTenant.named("notification"), "another tenant is pushed nothing");
            assertEquals(1, manager.named("notification").size(), "the manager is pushed it once");
        } finally {
            manager.close();
            otherTenant.close();
        }
    }

    @Test
    void theTenantHearsWhenTheStatusChanges() {
        MaintenanceTeam team = MaintenanceTeam.create(admin);
        SseClient tenant = openReady(team.tenant);
        try {
            String path = "/api/maintenance/" + id(team.openRequest("Cracked tile"));
            expect(team.manager.patch(path, Map.of("status", "in_progress")), 200);
            SseEvent pushed = tenant.await("notification", WAIT);
            assertEquals("Your request is now in progress", pushed.json().get("notification").get("title").asText());
            expect(team.manager.post(path + "/comments", Map.of("body", "On our way")), 201);
            tenant.awaitCount("notification", 2, WAIT);
            assertEquals(2, team.tenant.get("/api/notifications?unread=true").json().get("unread").asInt());
            expect(team.tenant.post(path + "/comments", Map.of("body", "Thank you")), 201);
            JsonNode staffSide = team.owner.get("/api/notifications").json();
            assertEquals(2, staffSide.get("unread").asInt(), "nobody is assigned: owners and managers hear of it");
            assertEquals("New comment on Cracked tile", staffSide.get("items").get(0).get("title").asText());
            assertEquals(2, team.tenant.get("/api/notifications").json().get("total").asInt(), "not told of their own");
        } finally {
            tenant.close();
        }
    }

    @Test
    void readingOneOrAllUpdatesTheUnreadCount() {
        MaintenanceTeam team = MaintenanceTeam.create(admin);
        team.openRequest("First");
        team.openRequest("Second");
        team.openRequest("Third");
        JsonNode page = expect(team.manager.get("/api/notifications?limit=2"), 200).json();
        assertEquals(3, page.get("total").asInt());
        assertEquals(2, page.get("items").size());
        assertEquals(2, page.get("limit").asInt());
        assertEquals(3, page.get("unread").asInt());
        assertEquals("New maintenance request: Third", page.get("items").get(0).get("title").asText(), "newest first");

        String first = id(page.get("items").get(0));
        SseClient otherTab = openReady(team.manager);
        try {
            JsonNode read = expect(team.manager.post("/api/notifications/" + first + "/read", Map.of()), 200).json();
            assertTrue(read.get("read").asBoolean());
            assertEquals(2, otherTab.await("notification:read", WAIT).json().get("unread").asInt());
        } finally {
            otherTab.close();
        }
        JsonNode unread = team.manager.get("/api/notifications?unread=true").json();
        assertEquals(2, unread.get("total").asInt());
        assertEquals(2, unread.get("unread").asInt());
        assertEquals(404, team.owner.post("/api/notifications/" + first + "/read", Map.of()).status(),
                "another user's notification is unknown");
        assertEquals(3, team.owner.get("/api/notifications").json().get("unread").asInt());

        for (JsonNode item : unread.get("items")) {
            assertFalse(item.get("read").asBoolean(), () -> "?unread=true listed a read one: " + item);
            assertFalse(item.get("id").asText().equals(first), "?unread=true listed the one just read");
        }

        JsonNode all = expect(team.manager.post("/api/notifications/read-all", Map.of()), 200).json();
        assertEquals(2, all.get("marked").asInt());
        assertEquals(0, team.manager.get("/api/notifications").json().get("unread").asInt());
        assertEquals(3, team.owner.get("/api/notifications").json().get("unread").asInt(),
                "reading all of one's own leaves another user's unread");
        assertEquals(3, team.manager.get("/api/notifications").json().get("total").asInt());
        assertEquals(400, team.manager.get("/api/notifications?unread=maybe").status());
        assertEquals(200, admin.get("/api/notifications").status(), "staff have a notification center too");
    }
}

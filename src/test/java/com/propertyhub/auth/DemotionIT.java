package com.propertyhub.auth;

import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.Markers;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A user whose role changes never reads what the new role may not: not through REST, the live stream, a replay
 * from the start of the log, the activity feed or the notification center. Each demotion path builds a history
 * of staff-only data while the user is staff (another tenant's request and payment, a property nobody rents),
 * changes the role, logs the user in again and looks through every channel.
 */
class DemotionIT extends NodeTest {

    @Test
    void anOwnerDemotedToTenantByAnAdminKeepsNoPrivateHistory() {
        Scene s = new Scene("OWNER");
        s.buildStaffHistory();

        expect(admin.patch("/api/customers/" + s.customerId + "/users/" + s.userId, Map.of("role", "TENANT")), 200);

        s.assertSeesNothingOfTheOldRole();
    }

    @Test
    void aManagerDemotedToTenantByTheOwnerKeepsNoPrivateHistoryNorAssignments() {
        Scene s = new Scene("MANAGER");
        s.buildStaffHistory();
        // Assigned to them: the requester's comments notify the assignee, so a demoted assignee must not hear them.
        expect(s.boss.patch("/api/maintenance/" + s.requestId, Map.of("assigneeId", s.userId)), 200);

        expect(s.boss.patch("/api/account/users/" + s.userId, Map.of("role", "TENANT")), 200);

        s.assertSeesNothingOfTheOldRole();
    }

    @Test
    void anOwnerMadeManagerStartsAFreshPrivateHistory() {
        Scene s = new Scene("OWNER");
        s.buildStaffHistory();

        expect(admin.patch("/api/customers/" + s.customerId + "/users/" + s.userId, Map.of("role", "MANAGER")), 200);

        ApiClient again = s.logInAgain();
        assertEquals(200, again.get("/api/maintenance/" + s.requestId).status(), "a manager still reads the request");
        assertEquals(200, again.get("/api/payments/" + s.paymentId).status(), "and the payment");
        assertEquals(0, expect(again.get("/api/notifications"), 200).json().get("total").asInt(),
                "the notifications written for the owner are gone");
        SseClient replay = s.replayFromTheStart(again);
        try {
            assertEquals("user:" + s.userId + ".1", replay.named("ready").get(0).json().get("rooms").get(0).asText(),
                    "the stream is in the private room of the new role");
            for (SseEvent e : replay.dataEvents()) {
                assertFalse(e.event().equals("notification"), "an owner's notification was replayed: " + e);
            }
        } finally {
            replay.close();
        }
    }

    /** A customer with an OWNER who stays, the user whose role changes, and a tenant who rents a property. */
    private static final class Scene {
        final String customerId;
        final JsonNode user;
        final String userId;
        final ApiClient boss;
        final ApiClient tenant;
        final ApiClient client;
        final SseClient live;
        String propertyId;
        String unrentedId;
        String requestId;
        String paymentId;

        Scene(String role) {
            customerId = Fixtures.customer(admin, "Demotion " + UUID.randomUUID().toString().substring(0, 8))
                    .get("id").asText();
            boss = Fixtures.loginAs(admin, Fixtures.customerUser(admin, customerId, "OWNER"));
            user = Fixtures.customerUser(admin, customerId, role);
            userId = user.get("id").asText();
            JsonNode tenantUser = Fixtures.customerUser(admin, customerId, "TENANT");
            tenant = Fixtures.loginAs(admin, tenantUser);
            client = Fixtures.loginAs(admin, user);
            live = Markers.openReady(client);
        }

        /** Staff-only data of the old role, each piece seen arriving on the user's live stream. */
        void buildStaffHistory() {
            propertyId = id(expect(boss.post("/api/properties", Map.of("name", "Rented Court", "units", 3)), 201));
            unrentedId = id(expect(boss.post("/api/properties", Map.of("name", "Empty Court", "units", 3)), 201));
            String tenantId = tenant.get("/api/auth/me").json().get("id").asText();
            expect(boss.put("/api/properties/" + propertyId + "/tenants/" + tenantId, Map.of()), 200);
            paymentId = id(expect(tenant.post("/api/payments", Map.of("amount", "25.00")), 201));
            requestId = id(expect(tenant.post("/api/maintenance",
                    Map.of("title", "Boiler", "description", "No hot water")), 201));
            live.await(e -> e.event().equals("notification") && e.data().contains(requestId), Markers.WAIT,
                    "the staff notification of the new request");
            live.await(e -> e.event().equals("payment:received") && e.data().contains(paymentId), Markers.WAIT,
                    "the tenant's payment");
            live.await(e -> e.event().equals("property:created") && e.data().contains(unrentedId), Markers.WAIT,
                    "the unrented property");
            assertTrue(expect(client.get("/api/notifications"), 200).json().get("total").asInt() > 0);
        }

        ApiClient logInAgain() {
            live.await("auth:expired", Markers.WAIT);
            live.awaitEnded(Markers.WAIT);
            ApiClient again = Fixtures.loginAs(admin, user);
            Await.until(Markers.WAIT, () -> again.get("/api/auth/me").status() == 200, "the new token is accepted");
            return again;
        }

        /** A stream replaying the whole log ({@code Last-Event-ID: 0}) up to a marker emitted after everything. */
        SseClient replayFromTheStart(ApiClient again) {
            SseClient replay = SseClient.open(again.baseUrl() + "/api/events", again.token(), "0");
            assertEquals(200, replay.status(), "stream opened");
            replay.await("ready", Markers.WAIT);
            Markers.marker(admin, List.of(replay));
            return replay;
        }

        void assertSeesNothingOfTheOldRole() {
            ApiClient again = logInAgain();
            List<String> secrets = List.of(requestId, paymentId, propertyId, unrentedId);
            assertEquals(404, again.get("/api/maintenance/" + requestId).status(), "REST: another tenant's request");
            assertEquals(404, again.get("/api/payments/" + paymentId).status(), "REST: another tenant's payment");
            assertEquals(404, again.get("/api/properties/" + propertyId).status(),
                    "REST: a property rented by another");
            assertEquals(404, again.get("/api/properties/" + unrentedId).status(), "REST: a property they do not rent");

            SseClient replay = replayFromTheStart(again);
            try {
                // Live, after the change: the tenant comments (which notifies the assignee or the staff) and pays
                // again, the owner changes both properties; then a marker, so anything sent has arrived by then.
                expect(tenant.post("/api/maintenance/" + requestId + "/comments", Map.of("body", "Still cold")), 201);
                expect(tenant.post("/api/payments", Map.of("amount", "26.00")), 201);
                expect(boss.patch("/api/properties/" + propertyId, Map.of("units", 4)), 200);
                expect(boss.patch("/api/properties/" + unrentedId, Map.of("units", 5)), 200);
                Markers.marker(admin, List.of(replay));
                for (SseEvent e : replay.dataEvents()) {
                    for (String secret : secrets) {
                        assertFalse(e.data().contains(secret), "replay or live stream carried old-role data: " + e);
                    }
                    assertFalse(e.event().equals("payment:received"), "another tenant's payment: " + e);
                }
            } finally {
                replay.close();
            }

            JsonNode feed = expect(again.get("/api/activity?limit=100"), 200).json();
            List<String> items = new ArrayList<>();
            feed.get("items").forEach(i -> items.add(i.toString()));
            for (String item : items) {
                for (String secret : secrets) {
                    assertFalse(item.contains(secret), "activity shows old-role data: " + item);
                }
            }
            JsonNode notifications = expect(again.get("/api/notifications"), 200).json();
            assertEquals(0, notifications.get("total").asInt(), "no staff notification is kept: " + notifications);
            assertEquals(0, notifications.get("unread").asInt());
        }

        private static String id(com.propertyhub.testsupport.ApiResponse r) {
            return r.json().get("id").asText();
        }
    }
}

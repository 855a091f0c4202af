package com.propertyhub.maintenance;

import static com.propertyhub.maintenance.MaintenanceTeam.WAIT;
import static com.propertyhub.maintenance.MaintenanceTeam.id;
import static com.propertyhub.maintenance.MaintenanceTeam.openReady;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.Markers;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who receives {@code maintenance:*} events, and the transient {@code maintenance:typing} signal. Absence is
 * proven with the marker technique: events reach a stream in id order, so once it has a marker emitted to
 * everyone after a change, it has every event of that change it will ever get.
 */
class MaintenanceEventsIT {
    static TestNode node;
    static ApiClient admin;
    static ApiClient superAdmin;

    @BeforeAll
    static void start() {
        // These tests count the log's ids exactly; presence:joined/left of their streams would interleave.
        node = MaintenanceTeam.startNode("PRESENCE=false");
        superAdmin = node.api().loginAsAdmin();
        admin = Fixtures.loginAs(superAdmin, Fixtures.staff(superAdmin, "ADMIN"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void maintenanceEventsReachStaffAndTheRequesterOnly() {
        MaintenanceTeam team = MaintenanceTeam.create(superAdmin);
        MaintenanceTeam other = MaintenanceTeam.create(superAdmin);
        List<SseClient> entitled = List.of(openReady(team.owner), openReady(team.manager), openReady(team.tenant));
        List<SseClient> strangers = List.of(openReady(team.otherTenant), openReady(other.owner),
                openReady(other.manager), openReady(other.tenant), openReady(admin));
        try {
            JsonNode r = team.openRequest("Mould in bathroom");
            String path = "/api/maintenance/" + id(r);
            expect(team.manager.patch(path, Map.of("status", "in_progress")), 200);
            expect(team.otherTenant.post(path + "/comments", Map.of("body", "not mine")), 404);
            expect(team.tenant.post(path + "/comments", Map.of("body", "thanks")), 201);
            for (SseClient s : entitled) {
                SseEvent created = s.await("maintenance:created", WAIT);
                assertEquals(id(r), created.json().get("request").get("id").asText());
                s.await(e -> "maintenance:updated".equals(e.event())
                        && "in_progress".equals(e.json().get("request").get("status").asText()), WAIT, "status change");
                SseEvent commented = s.await(e -> "maintenance:updated".equals(e.event()) && e.json().has("comment"),
                        WAIT, "comment");
                // the same bytes on every run: the request, then the comment (as the event catalog lists them)
                assertTrue(commented.data().startsWith("{\"request\":{")
                        && commented.data().indexOf("\"comment\":{") > commented.data().lastIndexOf("\"request\":"),
                        commented::data);
            }
            marker(List.of(entitled, strangers).stream().flatMap(List::stream).toList());
            for (SseClient s : strangers) {
                assertTrue(s.dataEvents().stream().noneMatch(e -> e.event().startsWith("maintenance:")),
                        () -> "a stranger got " + s.dataEvents());
                assertTrue(s.named("maintenance:typing").isEmpty());
            }
        } finally {
            entitled.forEach(SseClient::close);
            strangers.forEach(SseClient::close);
        }
    }

    @Test
    void typingArrivesLiveWithoutAnIdAndIsNeverReplayed() {
        MaintenanceTeam team = MaintenanceTeam.create(superAdmin);
        String path = "/api/maintenance/" + id(team.openRequest("Squeaky stairs"));
        SseClient manager = openReady(team.manager);
        SseClient otherTenant = openReady(team.otherTenant);
        SseClient tenant = openReady(team.tenant);
        try {
            long before = marker(List.of(manager, otherTenant, tenant));
            assertEquals(204, team.tenant.post(path + "/typing", Map.of()).status());
            SseEvent typing = manager.await("maintenance:typing", WAIT);
            assertNull(typing.id(), "a transient signal has no id");
            assertEquals(path.substring(path.lastIndexOf('/') + 1), typing.json().get("requestId").asText());
            assertEquals(id(team.tenantUser), typing.json().get("userId").asText());
            assertEquals(team.tenantUser.get("name").asText(), typing.json().get("name").asText());
            long after = marker(List.of(manager, otherTenant, tenant));
            assertEquals(before + 1, after, "typing took no event id");
            assertEquals(Long.toString(after), manager.lastEventId());
            assertTrue(otherTenant.named("maintenance:typing").isEmpty(), "other tenants never see it");
            assertTrue(tenant.named("maintenance:typing").isEmpty(), "the typist is not told about themselves");

            // Resume from before the signal: the marker in between comes back, the typing signal does not.
            SseClient resumed = SseClient.open(node.baseUrl() + "/api/events", team.manager.token(),
                    Long.toString(before - 1));
            try {
                resumed.await(e -> e.id() != null && e.idAsLong() == after, WAIT, "replayed marker " + after);
                assertTrue(resumed.named("maintenance:typing").isEmpty(), "typing is never replayed");
                assertEquals(List.of(before, after), resumed.dataEvents().stream()
                        .filter(e -> e.idAsLong() >= before).map(SseEvent::idAsLong).toList());
            } finally {
                resumed.close();
            }
        } finally {
            manager.close();
            otherTenant.close();
            tenant.close();
        }
    }

    @Test
    void typingIsRateLimitedPerUser() {
        MaintenanceTeam team = MaintenanceTeam.create(superAdmin);
        String path = "/api/maintenance/" + id(team.openRequest("Flickering light"));
        ApiResponse limited = null;
        for (int i = 0; i < 20 && limited == null; i++) {
            ApiResponse r = team.manager.post(path + "/typing", Map.of());
            if (r.status() == 429) {
                limited = r;
            } else {
                assertEquals(204, r.status());
            }
        }
        assertNotNull(limited, "20 typing signals in a row are limited");
        assertNotNull(limited.header("Retry-After"));
        assertEquals(204, team.tenant.post(path + "/typing", Map.of()).status(), "the limit is per user");
    }

    /** Emits a marker to everyone and waits until every stream has it; its id. */
    private static long marker(List<SseClient> streams) {
        return Markers.marker(superAdmin, streams);
    }
}

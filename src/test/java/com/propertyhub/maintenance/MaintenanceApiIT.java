package com.propertyhub.maintenance;

import static com.propertyhub.maintenance.MaintenanceTeam.id;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.NodeTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/maintenance}: who opens, sees, changes and comments on requests. */
class MaintenanceApiIT extends NodeTest {

    @Test
    void tenantOpensARequestThatStaffAndTheTenantSee() {
        MaintenanceTeam team = MaintenanceTeam.create(admin);
        ApiResponse created = expect(team.tenant.post("/api/maintenance",
                Map.of("title", "Leaking tap", "description", "Kitchen tap drips")), 201);
        JsonNode r = created.json();
        assertTrue(created.header("Location").endsWith("/api/maintenance/" + id(r)), created.header("Location"));
        assertEquals("Leaking tap", r.get("title").asText());
        assertEquals("Kitchen tap drips", r.get("description").asText());
        assertEquals("open", r.get("status").asText());
        assertEquals(team.customerId, r.get("customerId").asText());
        assertEquals(id(team.tenantUser), r.get("requester").get("id").asText());
        assertTrue(r.get("assignee").isNull());
        assertEquals(0, r.get("comments").size());
        for (ApiClient reader : List.of(team.owner, team.manager, team.tenant)) {
            JsonNode page = expect(reader.get("/api/maintenance"), 200).json();
            assertEquals(1, page.get("total").asInt());
            assertEquals(id(r), id(page.get("items").get(0)));
            assertEquals(r.get("title"), expect(reader.get("/api/maintenance/" + id(r)), 200).json().get("title"));
        }
        assertEquals(0, expect(team.otherTenant.get("/api/maintenance"), 200).json().get("total").asInt(),
                "another tenant of the same customer sees none of it");
    }

    @Test
    void otherTenantsAndOtherCustomersGet404() {
        MaintenanceTeam team = MaintenanceTeam.create(admin);
        MaintenanceTeam other = MaintenanceTeam.create(admin);
        String path = "/api/maintenance/" + id(team.openRequest("Broken window"));
        for (ApiClient stranger : List.of(team.otherTenant, other.owner, other.manager, other.tenant)) {
            assertEquals(404, stranger.get(path).status());
            assertEquals(404, stranger.post(path + "/comments", Map.of("body", "hello")).status());
            assertEquals(404, stranger.post(path + "/typing", Map.of()).status());
        }
        for (ApiClient stranger : List.of(other.owner, other.manager)) {
            assertEquals(404, stranger.patch(path, Map.of("status", "closed")).status());
        }
        JsonNode after = expect(team.owner.get(path), 200).json();
        assertEquals("open", after.get("status").asText(), "no stranger changed it");
        assertEquals(0, after.get("commentCount").asInt(), "no stranger commented");
        assertEquals(0, expect(other.owner.get("/api/maintenance"), 200).json().get("total").asInt());
        assertEquals(404, team.owner.get("/api/maintenance/00000000-0000-0000-0000-000000000000").status());
        assertEquals(403, admin.get("/api/maintenance").status(), "staff have no maintenance view");
    }

    @Test
    void managersAndOwnersChangeStatusAndAssignTenantsCannot() {
        MaintenanceTeam team = MaintenanceTeam.create(admin);
        String path = "/api/maintenance/" + id(team.openRequest("No hot water"));
        assertEquals(403, team.tenant.patch(path, Map.of("status", "closed")).status());
        assertEquals("open", team.owner.get(path).json().get("status").asText(), "the tenant changed nothing");
        String stillOpen = id(team.openRequest("Squeaky hinge"));

        JsonNode changed = expect(team.manager.patch(path, Map.of("status", "in_progress",
                "assigneeId", id(team.managerUser))), 200).json();
        assertEquals("in_progress", changed.get("status").asText());
        assertEquals(id(team.managerUser), changed.get("assignee").get("id").asText());
        assertEquals("resolved", expect(team.owner.patch(path, Map.of("status", "resolved")), 200)
                .json().get("status").asText());
        assertEquals("resolved", team.tenant.get(path).json().get("status").asText());

        assertEquals(422, team.manager.patch(path, Map.of("assigneeId", id(team.tenantUser))).status(),
                "only a manager can be assigned");
        MaintenanceTeam other = MaintenanceTeam.create(admin);
        assertEquals(422, team.manager.patch(path, Map.of("assigneeId", id(other.managerUser))).status(),
                "only a manager of the same customer");
        assertEquals(422, team.manager.patch(path, Map.of("status", "done")).status());
        JsonNode unchanged = team.owner.get(path).json();
        assertEquals("resolved", unchanged.get("status").asText(), "refused changes changed nothing");
        assertEquals(id(team.managerUser), unchanged.get("assignee").get("id").asText());
        JsonNode resolved = expect(team.manager.get("/api/maintenance?status=resolved"), 200).json();
        assertEquals(1, resolved.get("total").asInt(), resolved::toString);
        assertEquals(path, "/api/maintenance/" + id(resolved.get("items").get(0)));
        JsonNode open = expect(team.manager.get("/api/maintenance?status=open"), 200).json();
        assertEquals(1, open.get("total").asInt(), open::toString);
        assertEquals(stillOpen, id(open.get("items").get(0)));
        assertEquals(400, team.manager.get("/api/maintenance?status=done").status());
    }

    @Test
    void everyoneOnTheRequestCommentsAndTheThreadKeepsOrder() {
        MaintenanceTeam team = MaintenanceTeam.create(admin);
        String path = "/api/maintenance/" + id(team.openRequest("Door sticks"));
        List<String> bodies = new ArrayList<>();
        for (ApiClient author : List.of(team.tenant, team.manager, team.owner)) {
            String body = "comment by " + author.token().substring(author.token().length() - 6);
            bodies.add(body);
            ApiResponse r = expect(author.post(path + "/comments", Map.of("body", body)), 201);
            assertNotNull(r.header("Location"));
            assertEquals(body, r.json().get("body").asText());
        }
        JsonNode detail = expect(team.tenant.get(path), 200).json();
        assertEquals(3, detail.get("commentCount").asInt());
        List<String> seen = new ArrayList<>();
        detail.get("comments").forEach(c -> seen.add(c.get("body").asText()));
        assertEquals(bodies, seen);
        assertEquals("TENANT", detail.get("comments").get(0).get("author").get("role").asText());
        assertFalse(expect(team.manager.get("/api/maintenance"), 200).json().get("items").get(0).has("comments"),
                "lists carry counts, not threads");
        assertEquals(422, team.tenant.post(path + "/comments", Map.of("body", "  ")).status());
    }

    @Test
    void invalidRequestsAreRefusedWithDetails() {
        MaintenanceTeam team = MaintenanceTeam.create(admin);
        ApiResponse missing = team.tenant.post("/api/maintenance", Map.of("description", "no title"));
        assertEquals(422, missing.status());
        assertEquals("title", missing.json().get("error").get("details").get(0).get("field").asText());
        assertEquals(422, team.tenant.post("/api/maintenance", Map.of("title", "x", "description", "y",
                "propertyId", "00000000-0000-0000-0000-000000000000")).status(), "unknown property");
        assertEquals(404, team.tenant.get("/api/maintenance/not-an-id").status());
    }
}

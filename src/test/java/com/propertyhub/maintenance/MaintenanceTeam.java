package com.propertyhub.maintenance;

import static com.propertyhub.testsupport.Fixtures.expect;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.Markers;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * One customer's people, logged in: an OWNER, a MANAGER and two TENANTs. Each test makes its own, so tests never
 * see each other's requests or notifications. Shared by the maintenance and notification tests.
 */
public final class MaintenanceTeam {
    /** Generous: the suite shares two cores with other builds. */
    public static final Duration WAIT = Markers.WAIT;

    public final String customerId;
    public final JsonNode ownerUser;
    public final JsonNode managerUser;
    public final JsonNode tenantUser;
    public final JsonNode otherTenantUser;
    public final ApiClient owner;
    public final ApiClient manager;
    public final ApiClient tenant;
    public final ApiClient otherTenant;

    private MaintenanceTeam(ApiClient admin) {
        customerId = Fixtures.customer(admin, "Maint " + UUID.randomUUID().toString().substring(0, 8)).get("id")
                .asText();
        ownerUser = Fixtures.customerUser(admin, customerId, "OWNER");
        managerUser = Fixtures.customerUser(admin, customerId, "MANAGER");
        tenantUser = Fixtures.customerUser(admin, customerId, "TENANT");
        otherTenantUser = Fixtures.customerUser(admin, customerId, "TENANT");
        owner = Fixtures.loginAs(admin, ownerUser);
        manager = Fixtures.loginAs(admin, managerUser);
        tenant = Fixtures.loginAs(admin, tenantUser);
        otherTenant = Fixtures.loginAs(admin, otherTenantUser);
    }

    public static MaintenanceTeam create(ApiClient admin) {
        return new MaintenanceTeam(admin);
    }

    /** A node on a fresh database; many logins from 127.0.0.1, so the per-address login limit is raised. */
    public static TestNode startNode(String... settings) {
        return NodeTest.startNode(settings);
    }

    /** The tenant opens a request; answers it. */
    public JsonNode openRequest(String title) {
        return expect(tenant.post("/api/maintenance", Map.of("title", title, "description", "Please fix: " + title)),
                201).json();
    }

    /** Opens a stream with the client's token and waits for its {@code ready}. */
    public static SseClient openReady(ApiClient user) {
        return Markers.openReady(user);
    }

    public static String id(JsonNode node) {
        return node.get("id").asText();
    }
}

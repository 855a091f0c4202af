package com.propertyhub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.Markers;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signing out and a new password end the user's sessions on the server: every token issued before is refused,
 * its open streams end with auth:expired, and a stream ticket issued with it no longer opens a stream. A login
 * afterwards works as usual.
 */
class SignOutIT extends NodeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String NEW_PASSWORD = "a-brand-new-password";

    @Test
    void logoutEndsEverySessionOfTheUserAtOnce() {
        JsonNode tenant = tenant("Logout Lets");
        ApiClient session = Fixtures.loginAs(admin, tenant);
        ApiClient otherTab = Fixtures.loginAs(admin, tenant);
        SseClient stream = Markers.openReady(session);
        SseClient otherStream = Markers.openReady(otherTab);
        String ticket = ticket(session);

        assertEquals(204, session.post("/api/auth/logout", Map.of()).status());

        // On the node that signed out, at once: no waiting for a cache to expire.
        assertRevoked(session.get("/api/auth/me"));
        assertRevoked(otherTab.get("/api/account"));
        stream.await("auth:expired", WAIT);
        stream.awaitEnded(WAIT);
        otherStream.await("auth:expired", WAIT);
        otherStream.awaitEnded(WAIT);
        assertTicketRefused(ticket);
        assertEquals(401, session.stream().status(), "no new stream with the old token");
        assertRevoked(session.post("/api/auth/logout", Map.of()));

        ApiClient again = Fixtures.loginAs(admin, tenant);
        assertEquals(200, again.get("/api/account").status(), "a new login works");
        stillOpenAfterAMarker(Markers.openReady(again));
    }

    @Test
    void aPasswordSetByTheOwnerEndsTheTenantsSessions() {
        JsonNode customer = Fixtures.customer(admin, "Password Place " + System.nanoTime());
        String customerId = customer.get("id").asText();
        ApiClient owner = Fixtures.loginAs(admin, Fixtures.customerUser(admin, customerId, "OWNER"));
        JsonNode tenant = Fixtures.customerUser(admin, customerId, "TENANT");
        ApiClient session = Fixtures.loginAs(admin, tenant);
        SseClient stream = Markers.openReady(session);
        String ticket = ticket(session);
        SseClient ownerStream = Markers.openReady(owner);

        Fixtures.expect(owner.patch("/api/account/users/" + tenant.get("id").asText(),
                Map.of("password", NEW_PASSWORD)), 200);

        stream.await("auth:expired", WAIT);
        stream.awaitEnded(WAIT);
        Await.until(WAIT, () -> "token_revoked".equals(session.get("/api/account").errorCode()),
                "the token issued before the new password is refused");
        assertTicketRefused(ticket);
        assertEquals(401, node.api().post("/api/auth/login", Map.of("email", tenant.get("email").asText(),
                "password", Fixtures.PASSWORD)).status(), "the old password is gone");
        ApiClient renewed = node.api().login(tenant.get("email").asText(), NEW_PASSWORD);
        assertEquals(200, renewed.get("/api/account").status());
        stillOpenAfterAMarker(Markers.openReady(renewed));
        assertFalse(ownerStream.ended(), "only the tenant's sessions end");
    }

    @Test
    void aPasswordResetByAnAdminEndsTheUsersSessions() {
        JsonNode customer = Fixtures.customer(admin, "Reset Rentals " + System.nanoTime());
        JsonNode manager = Fixtures.customerUser(admin, customer.get("id").asText(), "MANAGER");
        ApiClient session = Fixtures.loginAs(admin, manager);
        SseClient stream = Markers.openReady(session);

        Fixtures.expect(admin.patch("/api/customers/" + customer.get("id").asText() + "/users/"
                + manager.get("id").asText(), Map.of("password", NEW_PASSWORD)), 200);

        stream.await("auth:expired", WAIT);
        Await.until(WAIT, () -> "token_revoked".equals(session.get("/api/account").errorCode()),
                "the manager's old token is refused");
        assertEquals(200, node.api().login(manager.get("email").asText(), NEW_PASSWORD).get("/api/account").status());
    }

    @Test
    void staffChangingTheirOwnPasswordAreSignedOutEverywhere() {
        JsonNode boss = Fixtures.staff(admin, "SUPER_ADMIN");
        ApiClient session = Fixtures.loginAs(admin, boss);
        SseClient stream = Markers.openReady(session);
        String ticket = ticket(session);

        Fixtures.expect(session.patch("/api/users/" + boss.get("id").asText(), Map.of("password", NEW_PASSWORD)), 200);

        stream.await("auth:expired", WAIT);
        stream.awaitEnded(WAIT);
        Await.until(WAIT, () -> "token_revoked".equals(session.get("/api/users").errorCode()),
                "the token that changed the password is refused too");
        assertTicketRefused(ticket);
        ApiClient renewed = node.api().login(boss.get("email").asText(), NEW_PASSWORD);
        assertEquals(200, renewed.get("/api/users").status());
    }

    @Test
    void changingOtherFieldsKeepsTheSessions() {
        JsonNode tenant = tenant("Quiet Quarters");
        ApiClient session = Fixtures.loginAs(admin, tenant);
        SseClient stream = Markers.openReady(session);

        Fixtures.expect(admin.patch("/api/customers/" + tenant.get("customerId").asText() + "/users/"
                + tenant.get("id").asText(), Map.of("name", "Renamed Tenant")), 200);

        stillOpenAfterAMarker(stream);
        assertEquals(200, session.get("/api/account").status());
    }

    private static JsonNode tenant(String company) {
        JsonNode customer = Fixtures.customer(admin, company + " " + System.nanoTime());
        return Fixtures.customerUser(admin, customer.get("id").asText(), "TENANT");
    }

    private static String ticket(ApiClient client) {
        return Fixtures.expect(client.post("/api/auth/stream-ticket", Map.of()), 200).json().get("ticket").asText();
    }

    private static void assertTicketRefused(String ticket) {
        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events?ticket=" + ticket, null, null)) {
            assertEquals(401, s.status(), "a ticket issued before the sessions ended opens nothing");
            assertEquals("token_revoked", s.error().path("error").path("code").asText());
        }
    }

    private static void assertRevoked(ApiResponse r) {
        assertEquals(401, r.status(), r::toString);
        assertEquals("token_revoked", r.errorCode(), r::toString);
    }

    /** The stream receives an event emitted after the sessions ended, and is still open: it was not ended. */
    private static void stillOpenAfterAMarker(SseClient stream) {
        Markers.marker(admin, List.of(stream));
        assertFalse(stream.ended(), "the stream of a session that did not end stays open");
        assertEquals(List.of(), stream.named("auth:expired"));
    }
}

package com.propertyhub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A still-valid token does not outlive its user: deactivation, deletion and role changes cut it off. */
class RevocationIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    static TestNode node;
    static ApiClient root;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        root = node.api().loginAsAdmin();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void deactivatedStaffLosesStreamAndTokenWithinSeconds() {
        JsonNode support = Fixtures.staff(root, "SUPPORT");
        ApiClient client = Fixtures.loginAs(root, support);
        SseClient stream = client.stream();
        stream.await("ready", WAIT);

        Fixtures.expect(root.patch("/api/users/" + support.get("id").asText(), Map.of("isActive", false)), 200);

        stream.await("auth:expired", WAIT);
        stream.awaitEnded(WAIT);
        Await.until(WAIT, () -> "token_revoked".equals(client.get("/api/customers").errorCode()),
                "the deactivated user's token is refused");
        assertEquals(401, client.get("/api/auth/me").status());
        SseClient again = client.stream();
        assertEquals(401, again.status(), "no new stream either");
    }

    @Test
    void deletedStaffLosesStreamAndTokenWithinSeconds() {
        JsonNode support = Fixtures.staff(root, "SUPPORT");
        ApiClient client = Fixtures.loginAs(root, support);
        SseClient stream = client.stream();
        stream.await("ready", WAIT);

        Fixtures.expect(root.delete("/api/users/" + support.get("id").asText()), 204);

        stream.await("auth:expired", WAIT);
        stream.awaitEnded(WAIT);
        assertEquals("auth:expired", stream.events().get(stream.events().size() - 1).event(), "its last event");
        Await.until(WAIT, () -> "token_revoked".equals(client.get("/api/customers").errorCode()),
                "the deleted user's token is refused");
        SseClient again = client.stream();
        assertEquals(401, again.status(), "no new stream either");
    }

    @Test
    void customerUserWhoseRoleChangesLosesStreamAndMustLogInAgain() {
        String customerId = Fixtures.customer(root, "Promoting Lets").get("id").asText();
        JsonNode tenant = Fixtures.customerUser(root, customerId, "TENANT");
        ApiClient client = Fixtures.loginAs(root, tenant);
        SseClient stream = client.stream();
        stream.await("ready", WAIT);

        Fixtures.expect(root.patch("/api/customers/" + customerId + "/users/" + tenant.get("id").asText(),
                Map.of("role", "MANAGER")), 200);

        stream.await("auth:expired", WAIT);
        stream.awaitEnded(WAIT);
        Await.until(WAIT, () -> "token_outdated".equals(client.get("/api/account").errorCode()),
                "the TENANT token is refused");
        assertEquals(401, client.stream().status(), "and opens no stream");
        ApiClient renewed = Fixtures.loginAs(root, tenant);
        assertEquals("MANAGER", renewed.get("/api/auth/me").json().get("role").asText());
        assertEquals(200, renewed.get("/api/account/users").status(), "as MANAGER now");
    }

    @Test
    void demotedSuperAdminMustLogInAgain() {
        JsonNode boss = Fixtures.staff(root, "SUPER_ADMIN");
        ApiClient client = Fixtures.loginAs(root, boss);
        SseClient stream = client.stream();
        stream.await("ready", WAIT);

        Fixtures.expect(root.patch("/api/users/" + boss.get("id").asText(), Map.of("role", "SUPPORT")), 200);

        stream.awaitEnded(WAIT);
        Await.until(WAIT, () -> "token_outdated".equals(client.post("/api/users",
                Map.of("name", "x", "email", "x@y.example", "password", "password-123", "role", "ADMIN")).errorCode()),
                "the old SUPER_ADMIN token no longer writes users");
        ApiClient renewed = Fixtures.loginAs(root, boss);
        assertEquals(403, renewed.post("/api/users", Map.of("name", "x", "email", "x@y.example",
                "password", "password-123", "role", "ADMIN")).status(), "as SUPPORT now");
    }

    @Test
    void deletingACustomerEndsItsUsersStreams() {
        JsonNode customer = Fixtures.customer(root, "Doomed Lets");
        JsonNode owner = Fixtures.customerUser(root, customer.get("id").asText(), "OWNER");
        JsonNode tenant = Fixtures.customerUser(root, customer.get("id").asText(), "TENANT");
        SseClient ownerStream = Fixtures.loginAs(root, owner).stream();
        ApiClient tenantClient = Fixtures.loginAs(root, tenant);
        SseClient tenantStream = tenantClient.stream();
        ownerStream.await("ready", WAIT);
        tenantStream.await("ready", WAIT);

        Fixtures.expect(root.delete("/api/customers/" + customer.get("id").asText()), 204);

        ownerStream.awaitEnded(WAIT);
        tenantStream.awaitEnded(WAIT);
        Await.until(WAIT, () -> tenantClient.get("/api/account").status() == 401, "the tenant's token is refused");
    }

    @Test
    void ownerRemovingATenantEndsTheTenantsStream() {
        JsonNode customer = Fixtures.customer(root, "Tidy Lets");
        JsonNode owner = Fixtures.customerUser(root, customer.get("id").asText(), "OWNER");
        JsonNode tenant = Fixtures.customerUser(root, customer.get("id").asText(), "TENANT");
        ApiClient ownerClient = Fixtures.loginAs(root, owner);
        SseClient tenantStream = Fixtures.loginAs(root, tenant).stream();
        SseClient ownerStream = ownerClient.stream();
        tenantStream.await("ready", WAIT);
        ownerStream.await("ready", WAIT);

        Fixtures.expect(ownerClient.delete("/api/account/users/" + tenant.get("id").asText()), 204);

        tenantStream.await("auth:expired", WAIT);
        tenantStream.awaitEnded(WAIT);
        ownerStream.await("account:updated", WAIT);
        assertEquals(false, ownerStream.ended(), "the owner's own stream stays open");
    }
}

package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which open streams an event takes away, read from the event as every node receives it. */
class RevocationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID USER = UUID.randomUUID();
    private static final UUID CUSTOMER = UUID.randomUUID();

    @Test
    void aDeletedUserLosesEveryStreamWhateverItsTokenAndNobodyElseDoes() {
        Revocations.Revoked r = revoked("user:deleted", "{\"userId\":\"" + USER + "\"}");

        assertEquals("account deleted", r.reason());
        assertTrue(r.appliesTo(stream(USER, Role.TENANT, CUSTOMER, 0)));
        assertTrue(r.appliesTo(stream(USER, Role.OWNER, CUSTOMER, 7)));
        assertFalse(r.appliesTo(stream(UUID.randomUUID(), Role.TENANT, CUSTOMER, 0)), "another user of the customer");
        assertFalse(r.endsSessions(), "nothing to refuse: the user is gone");
    }

    @Test
    void aDeletedCustomerTakesTheStreamsOfAllItsUsers() {
        Revocations.Revoked r = revoked("account:deleted", "{\"customerId\":\"" + CUSTOMER + "\"}");

        assertEquals("customer deleted", r.reason());
        assertTrue(r.appliesTo(stream(UUID.randomUUID(), Role.OWNER, CUSTOMER, 0)));
        assertTrue(r.appliesTo(stream(UUID.randomUUID(), Role.TENANT, CUSTOMER, 3)));
        assertFalse(r.appliesTo(stream(UUID.randomUUID(), Role.OWNER, UUID.randomUUID(), 0)), "another customer");
        assertFalse(r.appliesTo(stream(UUID.randomUUID(), Role.ADMIN, null, 0)), "staff belong to no customer");
        assertFalse(r.endsSessions());
    }

    @Test
    void endedSessionsTakeTheStreamsOfOlderTokensOnly() {
        Revocations.Revoked r = revoked(Revocations.SESSIONS_ENDED,
                "{\"userId\":\"" + USER + "\",\"tokenVersion\":3}");

        assertEquals("session ended", r.reason());
        assertTrue(r.appliesTo(stream(USER, Role.SUPPORT, null, 2)));
        assertFalse(r.appliesTo(stream(USER, Role.SUPPORT, null, 3)), "a token from the new session");
        assertFalse(r.appliesTo(stream(UUID.randomUUID(), Role.SUPPORT, null, 0)));
        assertTrue(r.endsSessions(), "tokens below the new version are refused from now on");
        assertEquals(3, r.keepFromVersion());
    }

    @Test
    void aRoleChangeTakesTheStreamsOpenedWithAnotherRole() {
        Revocations.Revoked r = revoked("user:updated",
                "{\"user\":{\"id\":\"" + USER + "\",\"role\":\"MANAGER\",\"isActive\":true}}");

        assertEquals("role changed", r.reason());
        assertTrue(r.appliesTo(stream(USER, Role.TENANT, CUSTOMER, 0)));
        assertFalse(r.appliesTo(stream(USER, Role.MANAGER, CUSTOMER, 0)), "opened with the role the user has now");
        assertFalse(r.endsSessions());
    }

    @Test
    void aDeactivatedUserLosesEveryStream() {
        Revocations.Revoked r = revoked("user:updated",
                "{\"user\":{\"id\":\"" + USER + "\",\"role\":\"MANAGER\",\"isActive\":false}}");

        assertEquals("account deactivated", r.reason());
        assertTrue(r.appliesTo(stream(USER, Role.MANAGER, CUSTOMER, 0)));
        assertFalse(r.appliesTo(stream(UUID.randomUUID(), Role.MANAGER, CUSTOMER, 0)));
    }

    @ParameterizedTest(name = "{0} {1} takes no stream")
    @CsvSource(delimiter = '|', value = {
            "customer:updated    | {\"userId\":\"6f1c1d8e-6a43-4d47-9d4e-8a2d1c0b9e11\"}",
            "user:deleted        | not json",
            "user:deleted        | {\"userId\":\"not-a-uuid\"}",
            "user:deleted        | {\"userId\":42}",
            "user:deleted        | {}",
            "account:deleted     | {\"userId\":\"6f1c1d8e-6a43-4d47-9d4e-8a2d1c0b9e11\"}",
            "user:sessions-ended | {\"userId\":\"6f1c1d8e-6a43-4d47-9d4e-8a2d1c0b9e11\"}",
            "user:sessions-ended | {\"userId\":\"6f1c1d8e-6a43-4d47-9d4e-8a2d1c0b9e11\",\"tokenVersion\":\"x\"}",
            "user:updated        | {\"user\":{\"role\":\"OWNER\"}}"})
    void otherEventsAndMalformedOnesTakeNoStream(String name, String data) {
        assertEquals(Optional.empty(), Revocations.of(event(name, data), JSON));
    }

    private static Revocations.Revoked revoked(String name, String data) {
        return Revocations.of(event(name, data), JSON).orElseThrow(() -> new AssertionError(name + " revokes"));
    }

    private static Event event(String name, String data) {
        return new Event(1, Rooms.ADMINS, name, data, Instant.now());
    }

    private static AuthUser stream(UUID id, Role role, UUID customerId, int tokenVersion) {
        return new AuthUser(id, role, customerId, Instant.MAX, tokenVersion);
    }
}

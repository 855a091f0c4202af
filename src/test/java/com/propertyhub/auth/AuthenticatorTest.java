package com.propertyhub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import com.propertyhub.realtime.LocalTicketStore;
import com.propertyhub.web.ApiException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Which credentials prove whom, the same for the REST API ({@code BEARER}) and the event stream
 * ({@code BEARER_OR_TICKET}): a real token service and a real ticket store. The second half, the user as they are
 * now, reads the database and is covered by the integration tests (RevocationIT, SignOutIT, DemotionIT).
 */
class AuthenticatorTest {
    private final TokenService tokens = new TokenService(secret(), Duration.ofMinutes(5), Clock.systemUTC());
    private final LocalTicketStore tickets = new LocalTicketStore(Duration.ofSeconds(30));
    /** {@link Authenticator#identify} never reads the user: no user store behind it here. */
    private final Authenticator authenticator = new Authenticator(tokens, tickets, null);

    private final AuthUser alice = user(Role.ADMIN);
    private final AuthUser bob = user(Role.SUPPORT);

    @Test
    void aBearerTokenProvesItsUser() {
        String bearer = "Bearer " + tokens.issue(alice.id(), alice.role(), null, 3).token();
        for (Authenticator.Accepts accepts : Authenticator.Accepts.values()) {
            AuthUser caller = authenticator.identify(accepts, bearer, null);
            assertEquals(alice.id(), caller.id());
            assertEquals(3, caller.tokenVersion());
        }
    }

    @Test
    void aTokenBesideATicketWinsAndLeavesTheTicketUnused() {
        String ticket = tickets.issue(bob).ticket();
        String bearer = "Bearer " + tokens.issue(alice.id(), alice.role(), null, 0).token();
        assertEquals(alice.id(), authenticator.identify(Authenticator.Accepts.BEARER_OR_TICKET, bearer, ticket).id());
        assertEquals(bob, authenticator.identify(Authenticator.Accepts.BEARER_OR_TICKET, null, ticket));
    }

    @Test
    void aBadTokenBesideAGoodTicketIsRefusedAndTheTicketStaysUnused() {
        String ticket = tickets.issue(bob).ticket();
        assertRefused("invalid_token", () -> authenticator.identify(Authenticator.Accepts.BEARER_OR_TICKET,
                "Bearer not.a.token", ticket));
        assertEquals(bob, authenticator.identify(Authenticator.Accepts.BEARER_OR_TICKET, null, ticket));
    }

    @Test
    void aTicketWorksOnce() {
        String ticket = tickets.issue(bob).ticket();
        assertEquals(bob, authenticator.identify(Authenticator.Accepts.BEARER_OR_TICKET, null, ticket));
        assertRefused("invalid_ticket",
                () -> authenticator.identify(Authenticator.Accepts.BEARER_OR_TICKET, null, ticket));
        assertRefused("invalid_ticket",
                () -> authenticator.identify(Authenticator.Accepts.BEARER_OR_TICKET, null, "never-issued"));
    }

    @Test
    void theRestApiTakesNoTicketAndDoesNotSpendOne() {
        String ticket = tickets.issue(bob).ticket();
        ApiException e = assertRefused("unauthorized",
                () -> authenticator.identify(Authenticator.Accepts.BEARER, null, ticket));
        assertEquals("Authentication required: send Authorization: Bearer <token>", e.getMessage());
        assertEquals(bob, authenticator.identify(Authenticator.Accepts.BEARER_OR_TICKET, null, ticket));
    }

    @Test
    void anotherSchemeOrAnEmptyBearerIsNoCredentialAtAll() {
        for (String header : new String[] {null, "", "Basic YWRtaW46ZGVtbzEyMzQ=", "Bearer ", "Bearer    "}) {
            ApiException e = assertRefused("unauthorized",
                    () -> authenticator.identify(Authenticator.Accepts.BEARER_OR_TICKET, header, null));
            assertEquals("Authentication required: send Authorization: Bearer <token> or ?ticket=<stream ticket>",
                    e.getMessage());
        }
    }

    private static ApiException assertRefused(String code, Runnable attempt) {
        ApiException e = assertThrows(ApiException.class, attempt::run);
        assertEquals(401, e.status());
        assertEquals(code, e.code());
        return e;
    }

    private static AuthUser user(Role role) {
        return new AuthUser(UUID.randomUUID(), role, null, Instant.now().plusSeconds(300), 0);
    }

    private static byte[] secret() {
        byte[] secret = new byte[48];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}

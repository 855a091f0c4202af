package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;
import static com.propertyhub.api.Contract.assertNoSecrets;
import static com.propertyhub.api.Contract.assertTime;
import static com.propertyhub.api.Contract.assertUser;
import static com.propertyhub.api.Contract.detailFields;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /api/auth}: logging in, asking who you are, and every way a token can be missing or wrong (API.md,
 * "Authentication"). Login attempts are rate limited per client address (10 x LOGIN_MAX_FAILURES per window),
 * and every test here logs in from 127.0.0.1, so the tests log in sparingly.
 */
class AuthIT {
    private static final int MAX_FAILURES = 5;
    /** One GET (or POST) per endpoint family that needs a token. */
    private static final List<String> PROTECTED = List.of(
            "GET /api/auth/me", "POST /api/auth/stream-ticket", "GET /api/customers", "GET /api/users",
            "GET /api/account", "GET /api/account/users", "GET /api/customers/{customerId}/users");

    static TestNode node;
    static ApiClient admin;
    static UUID adminId;
    static String customerId;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.put("LOGIN_MAX_FAILURES", String.valueOf(MAX_FAILURES));
        node = TestNode.start(settings);
        ApiResponse login = expect(node.api().post("/api/auth/login",
                Map.of("email", TestNode.ADMIN_EMAIL, "password", TestNode.ADMIN_PASSWORD)), 200);
        admin = node.api().as(login.json().get("token").asText());
        adminId = UUID.fromString(login.json().get("user").get("id").asText());
        customerId = Fixtures.customer(admin, "Auth Co").get("id").asText();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void loginAnswersTokenExpiryAndUserWithoutPassword() {
        ApiResponse r = expect(node.api().post("/api/auth/login",
                Map.of("email", TestNode.ADMIN_EMAIL, "password", TestNode.ADMIN_PASSWORD)), 200);
        assertEquals(Set.of("token", "expiresAt", "user"), Contract.fieldNames(r.json()));
        assertEquals(3, r.json().get("token").asText().split("\\.").length, "a JWS has three parts");
        Instant expires = assertTime(r.json().get("expiresAt"));
        Instant eightHours = Instant.now().plus(Duration.ofHours(8));
        assertTrue(expires.isAfter(eightHours.minusSeconds(60)) && expires.isBefore(eightHours.plusSeconds(60)),
                "the default JWT_TTL is 8h: " + expires);
        assertUser(r.json().get("user"), null);
        assertEquals(TestNode.ADMIN_EMAIL, r.json().get("user").get("email").asText());
        assertEquals("SUPER_ADMIN", r.json().get("user").get("role").asText());
        assertNoSecrets(r, TestNode.ADMIN_PASSWORD);
    }

    @Test
    void loginIgnoresTheCaseOfTheEmail() {
        ApiResponse r = node.api().post("/api/auth/login",
                Map.of("email", "  " + TestNode.ADMIN_EMAIL.toUpperCase() + " ", "password", TestNode.ADMIN_PASSWORD));
        assertEquals(200, r.status(), r::toString);
    }

    @Test
    void meReturnsTheCurrentInternalUser() {
        ApiResponse r = expect(admin.get("/api/auth/me"), 200);
        assertUser(r.json(), null);
        assertEquals(adminId.toString(), r.json().get("id").asText());
        assertNoSecrets(r, TestNode.ADMIN_PASSWORD);
    }

    @Test
    void meReturnsACustomerSideUserWithTheirCustomerId() {
        JsonNode owner = Fixtures.customerUser(admin, customerId, "OWNER");
        ApiResponse r = expect(Fixtures.loginAs(admin, owner).get("/api/auth/me"), 200);
        assertUser(r.json(), customerId);
        assertEquals("OWNER", r.json().get("role").asText());
        assertNoSecrets(r, Fixtures.PASSWORD);
    }

    @Test
    void streamTicketIsShortLived() {
        ApiResponse r = admin.post("/api/auth/stream-ticket", Map.of());
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.json().get("ticket").isTextual() && !r.json().get("ticket").asText().isBlank(), r::toString);
        Instant expires = assertTime(r.json().get("expiresAt"));
        assertFalse(expires.isAfter(Instant.now().plusSeconds(61)), "a ticket lives at most 60 s: " + expires);
    }

    @Test
    void wrongPasswordAndUnknownEmailGiveTheSameAnswer() {
        ApiResponse wrongPassword = node.api().post("/api/auth/login",
                Map.of("email", TestNode.ADMIN_EMAIL, "password", "not-the-password"));
        ApiResponse unknownEmail = node.api().post("/api/auth/login",
                Map.of("email", "nobody-" + UUID.randomUUID() + "@propertyhub.test", "password", "not-the-password"));
        assertError(wrongPassword, 401, "invalid_credentials");
        assertError(unknownEmail, 401, "invalid_credentials");
        assertEquals(wrongPassword.body(), unknownEmail.body());
        assertEquals(wrongPassword.header("WWW-Authenticate"), unknownEmail.header("WWW-Authenticate"));
        assertEquals(wrongPassword.header("Content-Type"), unknownEmail.header("Content-Type"));
        // the admin's own later logins must not be slowed down by this one failure
        expect(node.api().post("/api/auth/login",
                Map.of("email", TestNode.ADMIN_EMAIL, "password", TestNode.ADMIN_PASSWORD)), 200);
    }

    @Test
    void deactivatedUserCannotLogIn() {
        JsonNode staff = Fixtures.staff(admin, "SUPPORT");
        ApiClient before = Fixtures.loginAs(admin, staff);
        expect(admin.patch("/api/users/" + staff.get("id").asText(), Map.of("isActive", false)), 200);

        ApiResponse login = node.api().post("/api/auth/login",
                Map.of("email", staff.get("email").asText(), "password", Fixtures.PASSWORD));
        assertError(login, 403, "forbidden");
        assertFalse(login.body().contains("token"), login::toString);
        assertError(before.get("/api/auth/me"), 401, "token_revoked");
    }

    @Test
    void deletedUserCannotLogIn() {
        JsonNode staff = Fixtures.staff(admin, "SUPPORT");
        expect(admin.delete("/api/users/" + staff.get("id").asText()), 204);
        assertError(node.api().post("/api/auth/login",
                Map.of("email", staff.get("email").asText(), "password", Fixtures.PASSWORD)), 401,
                "invalid_credentials");
    }

    @Test
    void repeatedFailedLoginsAreRateLimitedWithRetryAfter() {
        JsonNode staff = Fixtures.staff(admin, "SUPPORT");
        String email = staff.get("email").asText();
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertError(node.api().post("/api/auth/login", Map.of("email", email, "password", "wrong-" + i)),
                    401, "invalid_credentials");
        }
        ApiResponse limited = node.api().post("/api/auth/login", Map.of("email", email, "password", "wrong-again"));
        assertError(limited, 429, "rate_limited");
        assertRetryAfter(limited);
        // while limited, even the right password is refused: guessing cannot continue
        ApiResponse right = node.api().post("/api/auth/login", Map.of("email", email, "password", Fixtures.PASSWORD));
        assertError(right, 429, "rate_limited");
        assertRetryAfter(right);
    }

    @Test
    void unknownEmailsAreRateLimitedLikeKnownOnes() {
        String email = "nobody-" + UUID.randomUUID() + "@propertyhub.test";
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertError(node.api().post("/api/auth/login", Map.of("email", email, "password", "wrong")),
                    401, "invalid_credentials");
        }
        ApiResponse limited = node.api().post("/api/auth/login", Map.of("email", email, "password", "wrong"));
        assertError(limited, 429, "rate_limited");
        assertRetryAfter(limited);
    }

    @Test
    void loginRefusesMalformedJson() {
        assertError(node.api().send("POST", "/api/auth/login", "{\"email\":", "application/json"), 400,
                "malformed_json");
    }

    @Test
    void loginRefusesAPlainTextBody() {
        assertError(node.api().send("POST", "/api/auth/login", TestNode.ADMIN_EMAIL + ":" + TestNode.ADMIN_PASSWORD,
                "text/plain"), 415, "unsupported_media_type");
    }

    @Test
    void loginRequiresEmailAndPassword() {
        ApiResponse r = node.api().post("/api/auth/login", Map.of());
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("email", "password"), detailFields(r));
    }

    @Test
    void loginWithANulCharacterIsRefusedNotAServerError() {
        ApiResponse r = node.api().send("POST", "/api/auth/login",
                "{\"email\":\"root\\u0000@propertyhub.test\",\"password\":\"x\"}", "application/json");
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("email"), detailFields(r));
    }

    @Test
    void loginRefusesUnknownFields() {
        ApiResponse r = node.api().post("/api/auth/login",
                Map.of("email", TestNode.ADMIN_EMAIL, "password", TestNode.ADMIN_PASSWORD, "role", "SUPER_ADMIN"));
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("role"), detailFields(r));
    }

    @Test
    void aTokenMadeWithTheNodesKeyIsAccepted() {
        // the control for the refusals below: the hand-made tokens differ from this one in one way each
        assertEquals(200, node.api().as(Tokens.valid(adminId, "SUPER_ADMIN")).get("/api/customers").status());
    }

    static Stream<Arguments> badTokens() {
        List<BadToken> kinds = List.of(
                new BadToken("missing", "unauthorized", id -> null),
                new BadToken("garbage", "invalid_token", id -> "not-a-jwt"),
                new BadToken("signed with another key", "invalid_token", id -> Tokens.otherKey(id, "SUPER_ADMIN")),
                new BadToken("expired", "token_expired", id -> Tokens.expired(id, "SUPER_ADMIN")),
                new BadToken("alg none", "invalid_token", id -> Tokens.algNone(id, "SUPER_ADMIN")),
                new BadToken("signature stripped", "invalid_token", id -> Tokens.strippedSignature(id, "SUPER_ADMIN")),
                new BadToken("HS384 instead of HS256", "invalid_token", id -> Tokens.otherAlgorithm(id, "SUPER_ADMIN")),
                new BadToken("payload tampered", "invalid_token",
                        id -> Tokens.tamperedPayload(Tokens.valid(id, "SUPPORT"), id, "SUPER_ADMIN")),
                new BadToken("unknown role", "invalid_token", id -> Tokens.valid(id, "GOD")),
                new BadToken("customer role without customerId", "invalid_token", id -> Tokens.valid(id, "OWNER")),
                new BadToken("RS256 signed with an RSA key", "invalid_token", id -> Tokens.rs256(id, "SUPER_ADMIN")),
                new BadToken("HS256 keyed with an RSA public key", "invalid_token",
                        id -> Tokens.hs256WithPublicKey(id, "SUPER_ADMIN")),
                new BadToken("HS256 keyed with a published secret", "invalid_token",
                        id -> Tokens.publishedSecret(id, "SUPER_ADMIN")),
                new BadToken("nbf in the future", "token_not_yet_valid",
                        id -> Tokens.notBeforeInTheFuture(id, "SUPER_ADMIN")),
                new BadToken("iat in the future", "token_not_yet_valid",
                        id -> Tokens.issuedInTheFuture(id, "SUPER_ADMIN")),
                new BadToken("no sub", "invalid_token", id -> Tokens.without(id, "SUPER_ADMIN", "sub")),
                new BadToken("no exp", "invalid_token", id -> Tokens.without(id, "SUPER_ADMIN", "exp")),
                new BadToken("no iat", "invalid_token", id -> Tokens.without(id, "SUPER_ADMIN", "iat")),
                new BadToken("no role", "invalid_token", id -> Tokens.without(id, "SUPER_ADMIN", "role")),
                new BadToken("role of the wrong type", "invalid_token", id -> Tokens.withClaims("{\"sub\":\"" + id
                        + "\",\"role\":5,\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":"
                        + Instant.now().plusSeconds(3600).getEpochSecond() + "}")),
                new BadToken("customerId of the wrong type", "invalid_token", id -> Tokens.withClaims("{\"sub\":\""
                        + id + "\",\"role\":\"SUPER_ADMIN\",\"customerId\":[1],\"iat\":"
                        + Instant.now().getEpochSecond() + ",\"exp\":" + Instant.now().plusSeconds(3600)
                        .getEpochSecond()
                        + "}")));
        return kinds.stream().flatMap(kind -> PROTECTED.stream().map(endpoint -> Arguments.of(kind, endpoint)));
    }

    static Stream<BadToken> badTokenKinds() {
        return badTokens().map(a -> (BadToken) a.get()[0]).distinct();
    }

    @Test
    void aTokenIssuedAFewSecondsAheadIsAcceptedAsClockSkew() {
        // Another node's clock may run slightly ahead: iat 5 s in the future is not "not yet valid".
        long now = Instant.now().getEpochSecond();
        String ahead = Tokens.withClaims("{\"sub\":\"" + adminId + "\",\"role\":\"SUPER_ADMIN\",\"iat\":" + (now + 5)
                + ",\"exp\":" + (now + 3600) + "}");
        assertEquals(200, node.api().as(ahead).get("/api/auth/me").status());
    }

    /** The event stream checks bearer tokens itself (it is not behind the API's filter): the same refusals. */
    @ParameterizedTest(name = "{0} token on GET /api/events")
    @MethodSource("badTokenKinds")
    void badTokensCannotOpenAStream(BadToken kind) {
        String token = kind.make().apply(adminId);
        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events", token, null)) {
            assertEquals(401, s.status(), kind::name);
            assertTrue(s.header("Content-Type").startsWith("application/json"), kind::name);
            assertEquals(kind.code(), s.error().path("error").path("code").asText(), kind::name);
            assertChallenge(s.header("WWW-Authenticate"), kind, s.error().path("error").path("message").asText());
        }
    }

    /**
     * RFC 6750 section 3: without credentials the bare challenge; a refused token says error="invalid_token" and
     * why, so a client that reads only headers can tell an expired token from a spent ticket.
     */
    static void assertChallenge(String header, BadToken kind, String message) {
        if (kind.code().equals("unauthorized")) {
            assertEquals("Bearer", header, kind::name);
        } else {
            assertEquals("Bearer error=\"invalid_token\", error_description=\"" + message + "\"", header, kind::name);
        }
    }

    @Test
    void aSpentTicketAndAnExpiredTokenAreToldApartByTheirChallenge() {
        ApiClient admin = node.api().loginAsAdmin();
        String ticket = expect(admin.post("/api/auth/stream-ticket", Map.of()), 200).json().get("ticket").asText();
        try (SseClient first = SseClient.open(node.baseUrl() + "/api/events?ticket=" + ticket, null, null)) {
            first.await("ready", Duration.ofSeconds(10));
        }
        try (SseClient spent = SseClient.open(node.baseUrl() + "/api/events?ticket=" + ticket, null, null);
             SseClient expired = SseClient.open(node.baseUrl() + "/api/events",
                     Tokens.expired(adminId, "SUPER_ADMIN"), null)) {
            assertEquals("Bearer error=\"invalid_token\", error_description=\"The stream ticket is unknown, used or "
                    + "expired\"", spent.header("WWW-Authenticate"));
            assertEquals("Bearer error=\"invalid_token\", error_description=\"The token has expired; log in again\"",
                    expired.header("WWW-Authenticate"));
        }
    }

    @ParameterizedTest(name = "{0} token on {1}")
    @MethodSource("badTokens")
    void badTokensAreRefusedWith401(BadToken kind, String endpoint) {
        String token = kind.make().apply(adminId);
        ApiClient client = token == null ? node.api() : node.api().as(token);
        String[] parts = endpoint.split(" ");
        String path = parts[1].replace("{customerId}", customerId);
        ApiResponse r = parts[0].equals("GET") ? client.get(path) : client.post(path, Map.of());
        assertError(r, 401, kind.code());
        assertChallenge(r.header("WWW-Authenticate"), kind, r.json().path("error").path("message").asText());
    }

    @Test
    void otherAuthorizationSchemesAreRefused() {
        RawHttp raw = new RawHttp(node.baseUrl());
        assertError(raw.getWithAuthorization("/api/customers", "Basic cm9vdDpyb290"), 401, "unauthorized");
        assertError(raw.getWithAuthorization("/api/customers", "Bearer"), 401, "unauthorized");
        assertError(raw.getWithAuthorization("/api/customers", admin.token()), 401, "unauthorized");
    }

    private static void assertRetryAfter(ApiResponse r) {
        String retryAfter = r.header("Retry-After");
        assertNotNull(retryAfter, () -> "no Retry-After on " + r);
        assertTrue(retryAfter.matches("[1-9][0-9]*"), () -> "Retry-After is not a positive number of seconds: " + r);
    }

    /** One way a token can be wrong, and the error code it earns. */
    record BadToken(String name, String code, Function<UUID, String> make) {
        @Override
        public String toString() {
            return name;
        }
    }
}

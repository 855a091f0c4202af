package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertNoSecrets;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Passwords, their hashes and tokens never leave the server: not in any answer that carries a user, and not in
 * its log. Everything the JVM logs while this class runs is captured (our own code at TRACE), so a secret that
 * any log line, argument or exception message carried would be found. The log is checked last, so that it
 * covers the other tests' requests as well as its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsIT {
    static TestNode node;
    static ApiClient admin;
    static final ListAppender<ILoggingEvent> log = new ListAppender<>();
    static Logger root;
    static Logger ours;
    static Level oursBefore;
    /** Every plain password and token used here; none may appear in a log line or an answer. */
    static final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void start() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ours = (Logger) LoggerFactory.getLogger("com.propertyhub");
        oursBefore = ours.getLevel();
        ours.setLevel(Level.TRACE);
        log.setContext(root.getLoggerContext());
        log.start();
        root.addAppender(log);
        secrets.add(TestNode.ADMIN_PASSWORD);
        node = Nodes.start();
        admin = node.api().loginAsAdmin();
        secrets.add(admin.token());
    }

    @AfterAll
    static void stop() {
        try {
            node.close();
        } finally {
            root.detachAppender(log);
            log.stop();
            ours.setLevel(oursBefore);
        }
    }

    @Test
    @Order(1)
    void noUserAnswerEverContainsAPasswordOrAHash() {
        String customerId = Fixtures.customer(admin, Nodes.unique("Secret")).get("id").asText();
        String staffPassword = secret("staff-pw-");
        String ownerPassword = secret("owner-pw-");
        String tenantPassword = secret("tenant-pw-");
        String newPassword = secret("changed-pw-");
        List<ApiResponse> answers = new ArrayList<>();

        ApiResponse staff = expect(admin.post("/api/users", Map.of("name", "Staff", "email",
                Nodes.unique("staff") + "@propertyhub.test", "password", staffPassword, "role", "SUPPORT")), 201);
        String staffId = staff.json().get("id").asText();
        answers.add(staff);
        answers.add(admin.get("/api/users"));
        answers.add(admin.get("/api/users/" + staffId));
        answers.add(admin.patch("/api/users/" + staffId, Map.of("password", newPassword)));
        answers.add(admin.put("/api/users/" + staffId, Map.of("name", "Staff", "email",
                staff.json().get("email").asText(), "role", "SUPPORT", "password", staffPassword)));

        ApiResponse owner = expect(admin.post("/api/customers/" + customerId + "/users", Map.of("name", "Owner",
                "email", Nodes.unique("owner") + "@customer.test", "password", ownerPassword, "role", "OWNER")), 201);
        answers.add(owner);
        answers.add(admin.get("/api/customers/" + customerId + "/users"));
        answers.add(admin.get("/api/customers/" + customerId + "/users/" + owner.json().get("id").asText()));

        ApiResponse ownerLogin = node.api().post("/api/auth/login",
                Map.of("email", owner.json().get("email").asText(), "password", ownerPassword));
        answers.add(ownerLogin);
        ApiClient ownerClient = node.api().as(ownerLogin.json().get("token").asText());
        secrets.add(ownerClient.token());
        answers.add(ownerClient.get("/api/auth/me"));
        ApiResponse tenant = expect(ownerClient.post("/api/account/users", Map.of("name", "Tenant",
                "email", Nodes.unique("tenant") + "@customer.test", "password", tenantPassword, "role",
                "TENANT")), 201);
        String tenantId = tenant.json().get("id").asText();
        answers.add(tenant);
        answers.add(ownerClient.get("/api/account/users"));
        answers.add(ownerClient.get("/api/account/users/" + tenantId));
        answers.add(ownerClient.patch("/api/account/users/" + tenantId, Map.of("password", newPassword)));
        answers.add(admin.patch("/api/customers/" + customerId + "/users/" + tenantId,
                Map.of("password", tenantPassword)));
        answers.add(node.api().post("/api/auth/login",
                Map.of("email", staff.json().get("email").asText(), "password", staffPassword)));
        answers.add(admin.get("/api/auth/me"));

        for (ApiResponse r : answers) {
            assertTrue(r.status() == 200 || r.status() == 201, r::toString);
            assertNoSecrets(r, staffPassword, ownerPassword, tenantPassword, newPassword, TestNode.ADMIN_PASSWORD);
        }
    }

    @Test
    @Order(2)
    void refusedRequestsDoNotEchoPasswordsBack() {
        String password = secret("echo-pw-");
        List<ApiResponse> answers = List.of(
                node.api().post("/api/auth/login", Map.of("email", "nobody@propertyhub.test", "password", password)),
                node.api().post("/api/auth/login", Map.of("email", TestNode.ADMIN_EMAIL, "password", password)),
                node.api().send("POST", "/api/auth/login", "{\"email\":\"x@y.z\",\"password\":\"" + password + "\"",
                        "application/json"),
                node.api().send("POST", "/api/auth/login", "{\"email\":\"x@y.z\",\"password\":" + password + "}",
                        "application/json"),
                node.api().post("/api/auth/login", Map.of("email", "x@y.z", "password", password, "extra", password)),
                admin.post("/api/users", Map.of("name", "X", "email", "bad email", "password", password, "role",
                        "ADMIN")),
                admin.post("/api/users", Map.of("name", "X", "email", Nodes.unique("x") + "@p.test",
                        "password", password + "ü".repeat(40), "role", "ADMIN")),
                admin.post("/api/users", Map.of("name", "X", "email", Nodes.unique("x") + "@p.test",
                        "password", List.of(password), "role", "ADMIN")));
        for (ApiResponse r : answers) {
            assertTrue(r.status() >= 400, r::toString);
            assertFalse(r.body().contains(password), () -> "the password came back in " + r);
            assertFalse(r.body().contains("$2"), () -> "a hash came back in " + r);
        }
    }

    @Test
    @Order(3)
    void concurrentCreatesOfOneEmailGiveOneUserAndConflictsNeverAnError() throws Exception {
        // The only way a users insert fails in the database itself: a unique-key race that the service's own
        // check cannot see. It must answer 409, and (see the log test) not log the row with its password hash.
        for (int round = 0; round < 3; round++) {
            String email = Nodes.unique("race") + "@propertyhub.test";
            int requests = 6;
            ExecutorService pool = Executors.newFixedThreadPool(requests);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<ApiResponse>> answers = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    String password = secret("race-pw-");
                    answers.add(pool.submit(() -> {
                        go.await();
                        return admin.post("/api/users",
                                Map.of("name", "Racer", "email", email, "password", password, "role", "SUPPORT"));
                    }));
                }
                go.countDown();
                int created = 0;
                for (Future<ApiResponse> answer : answers) {
                    ApiResponse r = answer.get(30, TimeUnit.SECONDS);
                    if (r.status() == 201) {
                        created++;
                    } else {
                        assertEquals(409, r.status(), r::toString);
                        Contract.assertErrorShape(r);
                    }
                }
                assertEquals(1, created, "exactly one of the racing creates wins");
                assertEquals(1, admin.get("/api/users?q=" + email).json().get("total").asInt());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    @Order(4)
    void theLogNeverHoldsPasswordsOrTokens() {
        // successful and failed logins, user creation and token misuse, all while the log is captured
        String password = secret("logged-pw-");
        JsonNode staff = expect(admin.post("/api/users", Map.of("name", "Logged", "email",
                Nodes.unique("logged") + "@propertyhub.test", "password", password, "role", "ADMIN")), 201).json();
        ApiClient staffClient = node.api().login(staff.get("email").asText(), password);
        secrets.add(staffClient.token());
        for (int i = 0; i < 3; i++) {
            String wrong = secret("wrong-pw-");
            node.api().post("/api/auth/login", Map.of("email", staff.get("email").asText(), "password", wrong));
            node.api().post("/api/auth/login", Map.of("email", Nodes.unique("ghost") + "@x.test", "password", wrong));
        }
        String garbageToken = secret("garbage.token.");
        assertEquals(401, node.api().as(garbageToken).get("/api/customers").status());
        String expired = Tokens.expired(UUID.fromString(staff.get("id").asText()), "ADMIN");
        secrets.add(expired);
        assertEquals(401, node.api().as(expired).get("/api/customers").status());
        String forged = Tokens.otherKey(UUID.fromString(staff.get("id").asText()), "SUPER_ADMIN");
        secrets.add(forged);
        assertEquals(401, node.api().as(forged).get("/api/users").status());
        assertEquals(200, staffClient.get("/api/auth/me").status());
        assertEquals(403, staffClient.post("/api/users", Map.of("name", "N", "email", "n@p.test",
                "password", password, "role", "ADMIN")).status());
        node.api().send("POST", "/api/auth/login", "{\"password\":\"" + password + "\",", "application/json");

        List<ILoggingEvent> events = List.copyOf(log.list);
        assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().contains("Created the first SUPER_ADMIN")),
                "the capture works: the node's start-up was logged");
        for (ILoggingEvent event : events) {
            String text = describe(event);
            for (String secret : secrets) {
                assertFalse(text.contains(secret), () -> "a password or token in the log: " + text);
                if (secret.chars().filter(c -> c == '.').count() == 2) {
                    String signature = secret.substring(secret.lastIndexOf('.') + 1);
                    assertFalse(!signature.isEmpty() && text.contains(signature),
                            () -> "a token's signature in the log: " + text);
                }
            }
            assertFalse(text.contains("$2a$") || text.contains("$2b$") || text.contains("$2y$"),
                    () -> "a password hash in the log: " + text);
        }
    }

    // -------------------------------------------------------------------------------------------------- helpers

    private static String secret(String prefix) {
        String s = prefix + UUID.randomUUID();
        secrets.add(s);
        return s;
    }

    /** Everything a log line carries: message, arguments, MDC and exception messages down the cause chain. */
    private static String describe(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        if (event.getArgumentArray() != null) {
            for (Object argument : event.getArgumentArray()) {
                sb.append(' ').append(argument);
            }
        }
        sb.append(' ').append(event.getMDCPropertyMap());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            sb.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }
}

package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestCluster;
import com.propertyhub.testsupport.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Guessing one account's password in parallel, from many addresses at once (a botnet behind the reverse proxy):
 * however the guesses overlap, at most LOGIN_MAX_FAILURES passwords are checked per window, on one node and
 * across a cluster. Real bcrypt cost, so each check takes long enough for the guesses to overlap.
 */
class LoginRaceIT {
    private static final int MAX_FAILURES = 5;
    private static final int GUESSES = 30;
    private static final Map<String, String> SETTINGS = Map.of(
            "LOGIN_MAX_FAILURES", Integer.toString(MAX_FAILURES),
            // The production default: a password check takes tens of milliseconds, so parallel guesses overlap.
            "PASSWORD_HASH_COST", "10",
            // The guesses come through a proxy on loopback, each from its own client address.
            "TRUSTED_PROXIES", "127.0.0.1/32,::1/128");

    @Test
    void parallelWrongPasswordsForOneAccountAreCheckedAtMostMaxFailuresTimesOnOneNode() throws Exception {
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.putAll(SETTINGS);
        try (TestNode node = TestNode.start(settings)) {
            String email = Fixtures.staff(node.api().loginAsAdmin(), "SUPPORT").get("email").asText();
            assertAtMostMaxFailuresChecked(List.of(node.api()), email);
        }
    }

    @Test
    void parallelWrongPasswordsForOneAccountAreCheckedAtMostMaxFailuresTimesAcrossTwoNodes() throws Exception {
        try (TestCluster cluster = new TestCluster(SETTINGS)) {
            TestNode a = cluster.start("login-race-a");
            TestNode b = cluster.start("login-race-b");
            String email = Fixtures.staff(a.api().loginAsAdmin(), "SUPPORT").get("email").asText();
            assertAtMostMaxFailuresChecked(List.of(a.api(), b.api()), email);
        }
    }

    /** Sends every guess at once (spread over {@code nodes}), then checks how many were answered 401. */
    private static void assertAtMostMaxFailuresChecked(List<ApiClient> nodes, String email) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(GUESSES);
        CountDownLatch ready = new CountDownLatch(GUESSES);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<ApiResponse>> guesses = new ArrayList<>();
            for (int i = 0; i < GUESSES; i++) {
                ApiClient client = nodes.get(i % nodes.size()).withHeader("X-Forwarded-For", "203.0.113." + (i + 1));
                String password = "guess-" + i;
                guesses.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return client.post("/api/auth/login", Map.of("email", email, "password", password));
                }));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS), "every guess ready to go");
            go.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<ApiResponse> guess : guesses) {
                ApiResponse r = guess.get(120, TimeUnit.SECONDS);
                statuses.merge(r.status(), 1, Integer::sum);
                if (r.status() == 401) {
                    assertError(r, 401, "invalid_credentials");
                } else {
                    assertError(r, 429, "rate_limited");
                }
            }
            int checked = statuses.getOrDefault(401, 0);
            assertTrue(checked >= 1 && checked <= MAX_FAILURES,
                    "passwords checked (401) must be at most LOGIN_MAX_FAILURES=" + MAX_FAILURES + ", answers "
                    + statuses);
            assertEquals(GUESSES - checked, statuses.getOrDefault(429, 0), () -> "the rest 429: " + statuses);
        } finally {
            pool.shutdownNow();
        }
        // The account stays locked: even the right password is refused now, on every node.
        for (ApiClient node : nodes) {
            assertError(node.withHeader("X-Forwarded-For", "198.51.100.1")
                    .post("/api/auth/login", Map.of("email", email, "password", Fixtures.PASSWORD)), 429,
                    "rate_limited");
        }
    }
}

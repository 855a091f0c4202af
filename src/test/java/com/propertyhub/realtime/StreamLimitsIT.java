package com.propertyhub.realtime;

import static com.propertyhub.realtime.RealtimeFixtures.WAIT;
import static com.propertyhub.realtime.RealtimeFixtures.awaitConnections;
import static com.propertyhub.realtime.RealtimeFixtures.emit;
import static com.propertyhub.realtime.RealtimeFixtures.openReady;
import static com.propertyhub.realtime.RealtimeFixtures.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.RawStream;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resources a stream holds, and how they are given back: heartbeats, slow and vanished clients, the per-user
 * stream limit and the stats that count it all. The node uses a 300 ms heartbeat, so a closed stream is noticed
 * within a heartbeat or two, and every test starts from zero open streams.
 */
class StreamLimitsIT {
    private static final Duration HEARTBEAT = Duration.ofMillis(300);
    private static final int QUEUE_LIMIT = 32;

    private static TestNode node;
    private static ApiClient root;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.put("SSE_HEARTBEAT", HEARTBEAT.toMillis() + "ms");
        settings.put("SSE_QUEUE_LIMIT", Integer.toString(QUEUE_LIMIT));
        settings.put("SSE_MAX_STREAMS_PER_USER", "2");
        // This test counts the log's events exactly; presence:joined/left would interleave with them.
        settings.put("PRESENCE", "false");
        node = TestNode.start(settings);
        root = node.api().loginAsAdmin();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void noStreamsOpen() {
        awaitConnections(root, 0, WAIT);
    }

    /** Comment lines with no blank line after them: a parser that dispatches on every blank line sees nothing. */
    @Test
    void idleStreamGetsPingCommentsThatAreNoEvents() {
        ApiClient user = staff("SUPPORT");
        try (SseClient s = openReady(user); RawStream raw = RawStream.openPlain(node.port(), user.token(), 0)) {
            Await.until(WAIT, () -> s.comments() >= 3, "three heartbeats");
            assertEquals(List.of("ready"), s.events().stream().map(SseEvent::event).toList(),
                    "an idle stream gets comments, not events");
            raw.readUntil("}\n\n: ping\n: ping\n", WAIT);
        }
    }

    @Test
    void stalledConsumerIsCutWhileTheOthersInItsRoomGetEveryEventPromptly() {
        ApiClient watcher = staff("ADMIN");
        ApiClient staller = staff("SUPPORT");
        String blob = "x".repeat(16 * 1024);
        try (RawStream stalled = RawStream.open(node.port(), staller.token(), 4096);
             SseClient normal = openReady(watcher)) {
            awaitConnections(root, 2, WAIT);
            for (int i = 0; i < 300; i++) {
                emit(root, "admins", "test:big", Map.of("i", i, "blob", blob));
            }
            // Far more than the stalled stream's socket buffers and queue can hold: it must be cut, not waited for.
            Await.until(Duration.ofSeconds(30), () -> normal.named("test:big").size() == 300,
                    "every large event at the reading client (has " + normal.named("test:big").size() + ")");
            awaitConnections(root, 1, WAIT);

            List<SseEvent> big = normal.named("test:big");
            for (int i = 0; i < big.size(); i++) {
                assertEquals(i, big.get(i).json().get("i").asInt());
                assertEquals(blob, big.get(i).json().get("blob").asText());
            }
            assertFalse(normal.ended(), "the reading client was cut too");
            assertEquals(1, normal.named("ready").size());
            assertEquals(1, stats(root).get("rooms").get("admins").asInt(),
                    "only the reading client is left in admins");
            // Cut for real: the server closed its connection, after a part of the events only.
            stalled.readToEnd(WAIT);
            int reached = stalled.received().split("event: test:big\n", -1).length - 1;
            assertTrue(reached < 300, "the stalled client was sent all " + reached + " events, not cut");
        }
    }

    @Test
    void killedClientIsDroppedWithinTwoHeartbeats() {
        ApiClient user = staff("SUPPORT");
        RawStream raw = RawStream.open(node.port(), user.token(), 0);
        try {
            raw.readUntil("event: ready", WAIT);
            awaitConnections(root, 1, WAIT);
        } finally {
            raw.kill();
        }
        awaitConnections(root, 0, HEARTBEAT.multipliedBy(2).plusSeconds(2));
    }

    @Test
    void closedClientIsDroppedWithinTwoHeartbeats() {
        ApiClient user = staff("SUPPORT");
        SseClient s = openReady(user);
        awaitConnections(root, 1, WAIT);
        s.close();
        awaitConnections(root, 0, HEARTBEAT.multipliedBy(2).plusSeconds(2));
    }

    /** Refused as a stream that says so and ends, so that standard clients retry by themselves. */
    @Test
    void thirdStreamOfAUserIsRefusedForNowUntilOneCloses() {
        ApiClient user = staff("SUPPORT");
        ApiClient other = staff("SUPPORT");
        SseClient first = openReady(user);
        try (SseClient second = openReady(user)) {
            try (SseClient third = user.stream()) {
                JsonNode refusal = third.awaitTemporaryRefusal("rate_limited", WAIT);
                assertTrue(refusal.path("message").asText().contains("2 event streams"), refusal::toString);
                assertEquals(1, refusal.path("retryAfter").asInt(), refusal::toString);
            }
            // The limit is per user: someone else still gets in.
            try (SseClient otherStream = openReady(other)) {
                assertEquals(200, otherStream.status());
            }

            first.close();
            AtomicReference<SseClient> reopened = new AtomicReference<>();
            Await.until(WAIT, () -> {
                SseClient attempt = user.stream();
                if (!attempt.refusedForNow(WAIT)) {
                    reopened.set(attempt);
                    return true;
                }
                attempt.close();
                return false;
            }, "a new stream once one of the two closed");
            try (SseClient again = reopened.get()) {
                again.await("ready", WAIT);
            }
        } finally {
            first.close();
        }
    }

    @Test
    void aFloodOfStreamOpensByOneUserGetsTheLimitAndARefusalForEveryOtherWhileOthersStillGetIn() throws Exception {
        ApiClient flooder = staff("SUPPORT");
        ApiClient bystander = staff("SUPPORT");
        int attempts = 200;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<SseClient> opened = new ArrayList<>();
        try {
            List<Future<SseClient>> futures = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                futures.add(pool.submit(() -> flooder.stream()));
            }
            List<SseClient> refused = new ArrayList<>();
            for (Future<SseClient> f : futures) {
                SseClient s = f.get(60, TimeUnit.SECONDS);
                (s.refusedForNow(WAIT) ? refused : opened).add(s);
            }
            assertEquals(2, opened.size(), "SSE_MAX_STREAMS_PER_USER streams, however fast they are asked for");
            for (SseClient s : refused) {
                s.awaitTemporaryRefusal("rate_limited", WAIT);
            }
            for (SseClient s : opened) {
                s.await("ready", WAIT);
            }
            try (SseClient other = openReady(bystander)) {
                long id = emit(root, "admins", "test:after-flood", Map.of());
                other.await(e -> RealtimeFixtures.hasId(e, id), WAIT, "a live event for another user");
                for (SseClient s : opened) {
                    s.await(e -> RealtimeFixtures.hasId(e, id), WAIT, "a live event on the flooder's streams");
                }
                assertEquals(3, stats(root).get("connections").asInt(), "refused opens hold nothing");
            }
        } finally {
            pool.shutdownNow();
            opened.forEach(SseClient::close);
        }
        awaitConnections(root, 0, WAIT);
        try (SseClient again = openReady(flooder)) {
            assertEquals(200, again.status(), "the flooder's slots were given back");
        }
    }

    @Test
    void statsCountStreamsAndRoomsForAdminsOnly() {
        JsonNode customer = Fixtures.customer(root, "Stats Suites");
        String customerId = customer.get("id").asText();
        JsonNode ownerUser = Fixtures.customerUser(root, customerId, "OWNER");
        JsonNode tenantUser = Fixtures.customerUser(root, customerId, "TENANT");
        ApiClient owner = Fixtures.loginAs(root, ownerUser);
        ApiClient tenant = Fixtures.loginAs(root, tenantUser);
        JsonNode supportUser = Fixtures.staff(root, "SUPPORT");
        ApiClient support = Fixtures.loginAs(root, supportUser);

        SseClient t = openReady(tenant);
        try (SseClient s = openReady(support); SseClient o = openReady(owner)) {
            Map<String, Integer> expected = new TreeMap<>(Map.of("admins", 1, "owners", 1, "tenants", 1,
                    "customer:" + customerId, 2, "user:" + id(supportUser), 1, "user:" + id(ownerUser), 1,
                    "user:" + id(tenantUser), 1));
            Await.until(WAIT, () -> stats(support).get("connections").asInt() == 3
                    && rooms(stats(support)).equals(expected), "stats of three streams, expected rooms " + expected);
            JsonNode stats = stats(support);
            assertEquals(1, stats.get("nodes").size());
            assertEquals(3, stats.get("nodes").get(0).get("connections").asInt());

            t.close();
            expected.remove("tenants");
            expected.remove("user:" + id(tenantUser));
            expected.put("customer:" + customerId, 1);
            Await.until(WAIT, () -> stats(root).get("connections").asInt() == 2
                    && rooms(stats(root)).equals(expected), "stats after the tenant left, expected rooms " + expected);
        } finally {
            t.close();
        }

        for (ApiClient notAdmin : List.of(owner, tenant)) {
            ApiResponse r = notAdmin.get("/api/realtime/stats");
            assertEquals(403, r.status(), r.toString());
            assertEquals("forbidden", r.errorCode());
        }
        assertEquals(401, node.api().get("/api/realtime/stats").status());
    }

    @Test
    void aReplayManyTimesTheQueueArrivesWholeInOrderThenLive() {
        ApiClient user = staff("SUPPORT");
        // Several queues' worth: the replay is read from the log page by page as the client drains.
        int backlog = QUEUE_LIMIT * 5 + 3;
        long position = emit(root, "admins", "test:backlog", Map.of("n", 0));
        List<Long> expected = new java.util.ArrayList<>();
        for (int i = 1; i <= backlog; i++) {
            expected.add(emit(root, "admins", "test:backlog", Map.of("n", i)));
        }
        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events", user.token(), Long.toString(position))) {
            long live = emit(root, "admins", "test:live", Map.of());
            expected.add(live);
            s.await(e -> RealtimeFixtures.hasId(e, live), WAIT, "the replay of " + backlog + " events, then live");
            assertEquals(expected, s.dataEvents().stream().map(e -> Long.parseLong(e.id())).toList());
            assertTrue(s.named("resync").isEmpty());
        }
    }

    private static ApiClient staff(String role) {
        return Fixtures.loginAs(root, Fixtures.staff(root, role));
    }

    private static Map<String, Integer> rooms(JsonNode stats) {
        return new TreeMap<>(new ObjectMapper().convertValue(stats.get("rooms"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Integer>>() { }));
    }

    private static String id(JsonNode entity) {
        return entity.get("id").asText();
    }
}

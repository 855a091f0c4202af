package com.propertyhub.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.interop.InteropClient.Received;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.Markers;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every standard SSE client must be able to do with the event stream, run against a real third-party
 * library by each subclass: connect (bearer header and stream ticket), receive {@code ready} and live events with
 * their exact names, ids and JSON, see no empty events from heartbeats, reconnect by itself with
 * {@code Last-Event-ID} after the connection is cut and after a graceful restart (the events emitted meanwhile
 * arrive once, in order), come back by itself after a stream-limit refusal, and stop after {@code auth:expired}.
 *
 * <p>The node sends a heartbeat every 100 ms, so many fall between any two events; tests wait for them on a
 * stream of our own (the heartbeat goes to every stream at once) instead of sleeping.
 */
abstract class InteropScenarios {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    /** The event names the clients listen to (browser-style clients only see names they asked for). */
    static final List<String> NAMES = List.of("ready", "resync", "unavailable", "auth:expired", "interop:one",
            "interop:two", "interop:three");

    static TestNode node;
    static ApiClient root;

    @BeforeAll
    static void startNode() {
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.put("SSE_HEARTBEAT", "100ms");
        settings.put("SSE_RETRY", "500ms");
        settings.put("SSE_MAX_STREAMS_PER_USER", "2");
        settings.put("PRESENCE", "false");
        node = TestNode.start(settings);
        root = node.api().loginAsAdmin();
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    /** Opens {@code url} with the library under test, sending {@code bearer} as Authorization unless null. */
    abstract InteropClient connect(String url, String bearer);

    @Test
    void aBearerHeaderGetsReadyThenLiveEventsExactlyAndNoEmptyEventsFromHeartbeats() {
        ApiClient user = newUser();
        try (SseClient probe = Markers.openReady(user); InteropClient c = connect(eventsUrl(), user.token())) {
            Received ready = awaitEvent(c, "ready");
            assertNull(emptyToNull(ready.id()), "ready carries no id");
            JsonNode readyData = json(ready.data());
            assertTrue(readyData.path("connectionId").isTextual(), ready::data);
            assertEquals(user.get("/api/auth/me").json().path("id").asText(),
                    readyData.path("user").path("id").asText(), ready::data);
            awaitHeartbeats(probe, 5);
            long one = Markers.emit(root, "*", "interop:one",
                    new java.util.TreeMap<>(Map.of("text", "Zürich — 🏠", "n", 1)));
            awaitHeartbeats(probe, 5);
            long two = Markers.emit(root, "*", "interop:two", Map.of("nested", Map.of("list", List.of(1, 2))));
            awaitEvent(c, "interop:two");
            awaitHeartbeats(probe, 5);
            assertEquals(List.of(
                            new Received("interop:one", Long.toString(one), "{\"n\":1,\"text\":\"Zürich — 🏠\"}"),
                            new Received("interop:two", Long.toString(two), "{\"nested\":{\"list\":[1,2]}}")),
                    c.received().subList(1, c.received().size()),
                    "exactly the live events after ready, with no empty ones from heartbeats: " + c.received());
        }
    }

    @Test
    void aStreamTicketOpensTheStreamToo() {
        ApiClient user = newUser();
        String ticket = Fixtures.expect(user.post("/api/auth/stream-ticket", Map.of()), 200).json().path("ticket")
                .asText();
        try (InteropClient c = connect(eventsUrl() + "?ticket=" + ticket, null)) {
            awaitEvent(c, "ready");
            long one = Markers.emit(root, "*", "interop:one", Map.of("via", "ticket"));
            Received event = awaitEvent(c, "interop:one");
            assertEquals(new Received("interop:one", Long.toString(one), "{\"via\":\"ticket\"}"), event);
        }
    }

    @Test
    void reconnectsByItselfWithLastEventIdAfterTheConnectionIsCut() {
        ApiClient user = newUser();
        try (InteropClient c = connect(eventsUrl(), user.token())) {
            awaitEvent(c, "ready");
            long one = Markers.emit(root, "*", "interop:one", Map.of("n", 1));
            awaitEvent(c, "interop:one");
            node.dropConnections();
            awaitApi();
            long two = Markers.emit(root, "*", "interop:two", Map.of("n", 2));
            long three = Markers.emit(root, "*", "interop:three", Map.of("n", 3));
            await(c, "the events emitted while it was away", r -> r.name() != null && r.name().equals("interop:three"));
            assertOnceInOrder(c, List.of(one, two, three));
            assertEquals(2, named(c, "ready").size(), "one reconnect: " + c.received());
        }
    }

    @Test
    void resumesByItselfAfterAGracefulRestartWithTheEventsEmittedMeanwhile() {
        ApiClient user = newUser();
        try (InteropClient c = connect(eventsUrl(), user.token())) {
            awaitEvent(c, "ready");
            long one = Markers.emit(root, "*", "interop:one", Map.of("n", 1));
            awaitEvent(c, "interop:one");
            node.restart();
            long two = Markers.emit(root, "*", "interop:two", Map.of("n", 2));
            long three = Markers.emit(root, "*", "interop:three", Map.of("n", 3));
            await(c, "the events emitted around the restart", r -> "interop:three".equals(r.name()));
            assertOnceInOrder(c, List.of(one, two, three));
            assertTrue(named(c, "resync").isEmpty(), "a replay, not a resync: " + c.received());
            assertTrue(named(c, "ready").size() >= 2, "it reconnected: " + c.received());
        }
    }

    @Test
    void comesBackByItselfAfterAStreamLimitRefusal() {
        ApiClient user = newUser();
        SseClient first = Markers.openReady(user);
        SseClient second = Markers.openReady(user);
        try (InteropClient c = connect(eventsUrl(), user.token())) {
            Received refusal = awaitEvent(c, "unavailable");
            JsonNode reason = json(refusal.data());
            assertEquals("rate_limited", reason.path("code").asText(), refusal::data);
            assertEquals(1, reason.path("retryAfter").asInt(), refusal::data);
            assertTrue(named(c, "ready").isEmpty(), "refused, not opened");
            first.close();
            awaitEvent(c, "ready");
            long one = Markers.emit(root, "*", "interop:one", Map.of("n", 1));
            Received event = awaitEvent(c, "interop:one");
            assertEquals(Long.toString(one), event.id());
            assertFalse(c.stopped());
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void stopsAfterAuthExpiredInsteadOfReconnectingInALoop() {
        ApiClient user = newUser();
        try (InteropClient c = connect(eventsUrl(), user.token())) {
            awaitEvent(c, "ready");
            Fixtures.expect(user.post("/api/auth/logout", Map.of()), 204);
            Received expired = awaitEvent(c, "auth:expired");
            assertTrue(json(expired.data()).path("reason").isTextual(), expired::data);
            Await.until(WAIT, c::stopped, "the client to give up after the 401 of its retry");
            assertEquals(1, named(c, "ready").size(), "never reopened: " + c.received());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    static String eventsUrl() {
        return node.baseUrl() + "/api/events";
    }

    static ApiClient newUser() {
        return Fixtures.loginAs(root, Fixtures.staff(root, "SUPPORT"));
    }

    /** Waits until {@code n} more heartbeats reached a stream of our own: as many went to every stream. */
    static void awaitHeartbeats(SseClient probe, int n) {
        int target = probe.comments() + n;
        Await.until(WAIT, () -> probe.comments() >= target, n + " heartbeats");
    }

    /** After dropped connections: our own client's next request must not go out on a connection that is gone. */
    static void awaitApi() {
        Await.until(WAIT, () -> {
            try {
                return root.get("/health").status() == 200;
            } catch (UncheckedIOException e) {
                return false;
            }
        }, "the API over a fresh connection");
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static Received awaitEvent(InteropClient c, String name) {
        return await(c, "event " + name, r -> name.equals(r.name()));
    }

    static Received await(InteropClient c, String what, Predicate<Received> match) {
        try {
            Await.until(WAIT, () -> c.received().stream().anyMatch(match), what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; received " + c.received(), e);
        }
        return c.received().stream().filter(match).findFirst().orElseThrow();
    }

    static List<Received> named(InteropClient c, String name) {
        return c.received().stream().filter(r -> name.equals(r.name())).toList();
    }

    /** The client's interop events are exactly {@code ids}, each once, in order, and nothing else is unnamed. */
    static void assertOnceInOrder(InteropClient c, List<Long> ids) {
        List<Long> seen = new ArrayList<>();
        for (Received r : c.received()) {
            assertTrue(r.name() != null && !r.name().isEmpty() && !r.name().equals("message"),
                    () -> "an unnamed (empty) event: " + c.received());
            if (r.name().startsWith("interop:")) {
                seen.add(Long.parseLong(r.id()));
            }
        }
        assertEquals(ids, seen, () -> "received " + c.received());
    }

    static JsonNode json(String data) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}

package com.propertyhub.web;

import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.RawRequest;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CR and LF in anything that could reach a response header or an SSE field line: emitted event and room names,
 * the {@code ?events=} filter, {@code Last-Event-ID}, stream tickets, {@code Origin} (reflected by CORS) and the
 * path a {@code Location} is built from. Nothing may add a header, an SSE field or an event.
 */
class HeaderInjectionIT {
    private static final String ALLOWED = "https://app.propertyhub.example";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CRLF_EVENT = "\r\nevent: injected\r\n\r\ndata: {}\r\n";

    static TestNode node;
    static ApiClient root;
    static SseClient watcher;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(TestNode.freshDatabaseSettings());
        settings.put("CORS_ORIGINS", ALLOWED);
        // Tests compare the newest event id before and after; presence events would move it on their own.
        settings.put("PRESENCE", "false");
        // Each garbage Last-Event-ID opens two streams (it gets resync, not a 400): more than the default burst,
        // and more than the default stream limit while closed ones wait for the next heartbeat to be noticed.
        settings.put("STREAM_RATE_BURST", "1000");
        settings.put("SSE_MAX_STREAMS_PER_USER", "100");
        node = TestNode.start(settings);
        root = node.api().loginAsAdmin();
        watcher = root.stream();
        assertEquals(200, watcher.status());
        watcher.await("ready", WAIT);
    }

    @AfterAll
    static void stop() {
        watcher.close();
        node.close();
    }

    @ParameterizedTest(name = "event name {0}")
    @ValueSource(strings = {"note\r\nevent: injected", "note\nid: 99999", "note\rdata: x", "note:ok\n", "a b",
            "note\u2028x", "ready", "resync", "auth:expired"})
    void emittedEventNamesWithLineBreaksOrReservedNamesAre422AndEmitNothing(String name) {
        long before = newestEventId();
        ApiResponse r = root.post("/api/realtime/emit", Map.of("room", "admins", "event", name, "data", Map.of()));
        assertEquals(422, r.status(), r::toString);
        assertEquals("validation_failed", r.errorCode());
        assertEquals(before, newestEventId(), "nothing was emitted");
        assertNoInjectedEvent();
    }

    @ParameterizedTest(name = "room {0}")
    @ValueSource(strings = {"admins\r\nevent: injected", "admins\n", "user:\r\nx", "customer:a\rb"})
    void roomsWithLineBreaksAre422(String room) {
        long before = newestEventId();
        ApiResponse r = root.post("/api/realtime/emit", Map.of("room", room, "event", "test:note", "data", Map.of()));
        assertEquals(422, r.status(), r::toString);
        assertEquals(before, newestEventId());
    }

    @ParameterizedTest(name = "?events={0}")
    @ValueSource(strings = {"customer:*\r\nevent: injected", "test:*\n\ndata: x", "a\rb", "x,\r\n"})
    void eventFiltersWithLineBreaksAre400(String filter) {
        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events?events=" + encode(filter), root.token(),
                null)) {
            assertEquals(400, s.status());
            assertEquals("invalid_parameter", s.error().path("error").path("code").asText());
            assertFalse(s.error().toString().contains("injected"), "the error does not echo the value");
        }
    }

    /** Treated like a position the log never had: resync with the current position, and nothing injected. */
    @ParameterizedTest(name = "lastEventId={0}")
    @ValueSource(strings = {"abc", "-1", "1.5", "0x10", "99999999999999999999", "5\r\nevent: injected", "5\nid: 7",
            "\u0000", "\uff11\uff12", "+5"})
    void garbageLastEventIdsGetResyncAsParameterAndHeader(String value) {
        long before = newestEventId();
        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events?lastEventId=" + encode(value), root.token(),
                null)) {
            assertResync(s, before, value);
        }
        if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            try (SseClient s = SseClient.open(node.baseUrl() + "/api/events", root.token(), value)) {
                assertResync(s, before, value);
            }
        }
    }

    private static void assertResync(SseClient s, long newest, String value) {
        assertEquals(200, s.status(), () -> value + ": " + s.error());
        SseEvent resync = s.await("resync", WAIT);
        assertEquals(newest, resync.idAsLong(), value);
        assertEquals(List.of("ready", "resync"), s.events().stream().map(SseEvent::event).toList(), value);
    }

    @Test
    void aLastEventIdBeyondTheNewestEventOpensAnEmptyReplay() {
        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events", root.token(),
                Long.toString(Long.MAX_VALUE))) {
            assertEquals(200, s.status(), () -> String.valueOf(s.error()));
            s.await("ready", WAIT);
            long id = emit("test:after-max");
            SseEvent live = s.await(e -> e.id() != null && e.idAsLong() == id, WAIT, "a live event");
            assertEquals("test:after-max", live.event());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Last-Event-ID: 5\r\n event: injected", "Last-Event-ID: 5\revent: injected",
            "Origin: " + ALLOWED + "\r\n X-Injected: 1", "Origin: " + ALLOWED + "\rX-Injected: 1"})
    void foldedOrCrBrokenHeaderLinesAreRefusedWith400Json(String headerLines) {
        ApiResponse r = RawRequest.sendHead(node.port(), "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + root.token() + "\r\n"
                + headerLines + "\r\n\r\n");
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.header("Content-Type").startsWith("application/json"), r::toString);
        assertNull(r.header("X-Injected"));
        assertNull(r.header("Access-Control-Allow-Origin"), r::toString);
    }

    @ParameterizedTest(name = "ticket={0}")
    @ValueSource(strings = {"abc\r\nevent: injected", "\r\n\r\nX-Injected: 1", "%0D%0A", "\u2028x", " "})
    void hostileTicketsAre401WithoutEchoingThem(String ticket) {
        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events?ticket=" + encode(ticket), null, null)) {
            assertEquals(401, s.status());
            assertEquals("invalid_ticket", s.error().path("error").path("code").asText());
            assertFalse(s.error().toString().contains("injected") || s.error().toString().contains("X-Injected"));
            assertNull(s.header("X-Injected"));
        }
    }

    @ParameterizedTest(name = "Origin: {0}")
    @ValueSource(strings = {"https://evil.example", "https://app.propertyhub.example.evil.example",
            "https://app.propertyhub.example:8443", "http://app.propertyhub.example", "HTTPS://APP.PROPERTYHUB.EXAMPLE",
            "null", "https://app.propertyhub.example/", "https://app.propertyhub.example%0d%0aX-Injected:%201",
            "https://app.propertyhub.example, https://evil.example", "*"})
    void onlyTheExactConfiguredOriginIsReflected(String origin) {
        for (String method : List.of("GET", "OPTIONS")) {
            ApiResponse r = RawRequest.send(node.port(), method + " /api/customers HTTP/1.1", Map.of("Origin", origin,
                    "Access-Control-Request-Method", "POST", "Authorization", "Bearer " + root.token()));
            assertNull(r.header("Access-Control-Allow-Origin"), () -> method + " " + origin + ": " + r.headers());
            assertNull(r.header("X-Injected"));
        }
        ApiResponse allowed = RawRequest.send(node.port(), "GET /api/customers?limit=1 HTTP/1.1",
                Map.of("Origin", ALLOWED, "Authorization", "Bearer " + root.token()));
        assertEquals(ALLOWED, allowed.header("Access-Control-Allow-Origin"), "the control: the configured origin");
    }

    @ParameterizedTest(name = "POST {0}")
    @ValueSource(strings = {"/api/customers;x=%0D%0ASet-Cookie:%20a=b", "/api/customers%0D%0ASet-Cookie:%20a=b",
            "/api/customers/%0D%0A/..", "/api/customers?x=%0D%0ASet-Cookie:%20a=b"})
    void locationsOfCreatedResourcesCarryNoLineBreaks(String path) {
        String body = "{\"company\":\"Located\",\"owner\":\"Lo\",\"email\":\"lo-" + UUID.randomUUID().toString()
                .substring(0, 8)
                + "@example.com\",\"plan\":{\"name\":\"Starter\",\"monthlyPrice\":1}}";
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\nConnection: close\r\n"
                + "Authorization: Bearer " + root.token() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        ApiResponse r = RawRequest.sendHead(node.port(), head);
        assertNull(r.header("Set-Cookie"), r::toString);
        if (r.status() == 201) {
            String location = r.header("Location");
            // Nothing of what the client added to the path is reflected: the collection, then the new id.
            assertEquals("http://127.0.0.1:" + node.port() + "/api/customers/" + r.json().get("id").asText(), location);
        } else {
            assertTrue(r.status() == 400 || r.status() == 404, r::toString);
            assertTrue(r.header("Content-Type").startsWith("application/json"), r::toString);
        }
    }

    @Test
    void dataWithLineBreaksTravelsAsOneDataLineOfOneEvent() {
        String text = "one" + CRLF_EVENT + "id: 424242\n\nretry: 1";
        long id = emit("test:lines", Map.of("text", text));
        SseEvent e = watcher.await(ev -> ev.id() != null && ev.idAsLong() == id, WAIT, "the emitted event");
        assertEquals("test:lines", e.event());
        assertEquals(text, e.json().get("text").asText());
        assertFalse(e.data().contains("\n"), "one data line");
        assertNoInjectedEvent();
    }

    // -------------------------------------------------------------------------------------------------- helpers

    private static void assertNoInjectedEvent() {
        long marker = emit("test:marker");
        watcher.await(e -> e.id() != null && e.idAsLong() == marker, WAIT, "marker");
        for (SseEvent e : watcher.events()) {
            assertFalse(e.event().contains("injected") || "99999".equals(e.id()) || "424242".equals(e.id()),
                    () -> "an injected field or event: " + e);
        }
        assertEquals("3000", watcher.retry(), "retry: is the server's own");
    }

    private static long emit(String event) {
        return emit(event, Map.of());
    }

    private static long emit(String event, Object data) {
        JsonNode stored =
                expect(root.post("/api/realtime/emit", Map.of("room", "admins", "event", event, "data", data)),
                201).json();
        return Long.parseLong(stored.get("id").asText());
    }

    private static long newestEventId() {
        JsonNode items = expect(root.get("/api/activity?limit=1"), 200).json().get("items");
        return items.isEmpty() ? 0 : Long.parseLong(items.get(0).get("id").asText());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

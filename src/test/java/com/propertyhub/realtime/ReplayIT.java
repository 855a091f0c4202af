package com.propertyhub.realtime;

import static com.propertyhub.realtime.RealtimeFixtures.WAIT;
import static com.propertyhub.realtime.RealtimeFixtures.emit;
import static com.propertyhub.realtime.RealtimeFixtures.hasId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resuming with {@code Last-Event-ID}: nothing lost, nothing repeated, in order, while writers commit
 * concurrently and readers keep dropping and resuming their streams.
 *
 * <p>Two oracles. What the writers did, counted on the client side: every customer write they made must be in the
 * log once as a {@code customer:*} entry (and an {@code account:updated} for a change), and be delivered once to each
 * reader entitled to it, with the written value; every emit to each reader whose rooms it was sent to. And the log
 * itself, read back through {@code GET /api/realtime/events/{id}} for every id between a start and an end marker:
 * those ids must all exist (the log is dense), and a reader must have received exactly the ones addressed to its
 * rooms, in id order, with the stored name and payload.
 */
class ReplayIT {
    private static final int WRITERS = 4;
    private static final int OPS_PER_WRITER = 25;

    private static TestNode node;
    private static ApiClient root;
    private static ApiClient admin;
    private static JsonNode customerA;
    private static JsonNode customerB;
    private static ApiClient support;
    private static ApiClient ownerA;
    private static ApiClient tenantB;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        // A dropped stream is noticed at its next write; until then it still counts against its user's limit,
        // and these readers drop theirs dozens of times.
        settings.put("SSE_MAX_STREAMS_PER_USER", "100");
        // Readers resume as fast as they can, often faster than a user's stream-open rate allows.
        settings.put("STREAM_RATE_BURST", "100000");
        settings.put("STREAM_RATE_PER_MINUTE", "1000000");
        // This test counts the log's events exactly; presence:joined/left would interleave with them.
        settings.put("PRESENCE", "false");
        node = TestNode.start(settings);
        root = node.api().loginAsAdmin();
        admin = Fixtures.loginAs(root, Fixtures.staff(root, "ADMIN"));
        support = Fixtures.loginAs(root, Fixtures.staff(root, "SUPPORT"));
        customerA = Fixtures.customer(admin, "Replay Alpha");
        customerB = Fixtures.customer(admin, "Replay Beta");
        ownerA = Fixtures.loginAs(root, Fixtures.customerUser(admin, customerA.get("id").asText(), "OWNER"));
        tenantB = Fixtures.loginAs(root, Fixtures.customerUser(admin, customerB.get("id").asText(), "TENANT"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void reconnectingReadersGetEveryEntitledEventOnceInOrderWhileWritersCommitConcurrently() throws Exception {
        long start = emit(root, "*", "test:start", Map.of());
        List<Reader> readers = List.of(new Reader("SUPPORT", support, start), new Reader("OWNER_A", ownerA, start),
                new Reader("TENANT_B", tenantB, start));
        AtomicBoolean writing = new AtomicBoolean(true);
        Map<Long, String> emittedRooms = new ConcurrentHashMap<>();
        List<String> customerWrites = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + readers.size());
        try {
            List<Future<?>> readerRuns = new ArrayList<>();
            for (Reader r : readers) {
                readerRuns.add(pool.submit(() -> r.run(writing)));
            }
            List<Future<?>> writerRuns = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writerRuns.add(pool.submit(() -> write(writer, emittedRooms, customerWrites)));
            }
            for (Future<?> f : writerRuns) {
                f.get(120, TimeUnit.SECONDS);
            }
            // On a fast machine the writers can finish before every reader has resumed a few times: keep events
            // coming (to everyone) until each has.
            Await.until(Duration.ofSeconds(60), () -> {
                if (readers.stream().allMatch(r -> r.connectionCount() >= 4)) {
                    return true;
                }
                emit(root, "*", "test:more", Map.of());
                return false;
            }, "every reader resumed at least three times");
            writing.set(false);
            for (Future<?> f : readerRuns) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        long end = emit(root, "*", "test:end", Map.of());
        for (Reader r : readers) {
            r.current().await(e -> hasId(e, end), WAIT, "the end marker at " + r.label);
        }

        List<JsonNode> log = readLog(start, end);
        emittedRooms.forEach((id, room) -> assertEquals(room, log.get((int) (id - start - 1)).get("room").asText(),
                "the log holds emit " + id));
        // Every customer write is in the log once, as the entry its kind makes, with the written value.
        assertEquals(sorted(customerWrites), sorted(log.stream().filter(e -> e.get("event").asText()
                .startsWith("customer:")).map(e -> writeOf(e.get("event").asText(), e.get("data"))).toList()),
                "the log's customer:* entries are the customer writes made");
        for (String customer : List.of(customerA.get("id").asText(), customerB.get("id").asText())) {
            assertEquals(sorted(customerWrites.stream().filter(w -> w.startsWith("customer:updated|" + customer))
                    .toList()), sorted(log.stream().filter(e -> e.get("event").asText().equals("account:updated")
                    && e.get("room").asText().equals("customer:" + customer))
                    .map(e -> writeOf("customer:updated", e.get("data"))).toList()),
                    "one account:updated for each change of customer " + customer);
        }
        for (Reader r : readers) {
            // Independent of the log: what the writers did, as this reader may see it.
            List<String> expectedWrites = new ArrayList<>();
            for (String w : customerWrites) {
                if (r.rooms.contains("admins")) {
                    expectedWrites.add(w);
                }
                if (w.startsWith("customer:updated|") && r.rooms.contains("customer:" + w.split("\\|")[1])) {
                    expectedWrites.add(w.replace("customer:updated|", "account:updated|"));
                }
            }
            List<SseEvent> got = r.received(end);
            assertEquals(sorted(expectedWrites), sorted(got.stream().filter(e -> e.event().startsWith("customer:")
                    || e.event().equals("account:updated")).map(e -> e.event().equals("account:updated")
                    ? writeOf("customer:updated", e.json()).replace("customer:updated|", "account:updated|")
                    : writeOf(e.event(), e.json())).toList()),
                    r.label + " got each customer write it may see once, with the written value");
            assertEquals(emittedRooms.entrySet().stream().filter(e -> r.rooms.contains(e.getValue()))
                    .map(Map.Entry::getKey).sorted().toList(), got.stream().filter(e -> e.event()
                    .equals("test:concurrent")).map(SseEvent::idAsLong).sorted().toList(),
                    r.label + " got each emit to its rooms once");
        }
        for (Reader r : readers) {
            try {
                List<JsonNode> expected = log.stream().filter(e -> r.rooms.contains(e.get("room").asText())).toList();
                List<SseEvent> received = r.received(end);
                assertEquals(ids(expected), received.stream().map(SseEvent::idAsLong).toList(),
                        r.label + " received every entitled event exactly once, in order, across "
                                + r.connections.size() + " connections");
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i).get("event").asText(), received.get(i).event());
                    assertEquals(expected.get(i).get("data"), received.get(i).json());
                }
                assertTrue(r.connections.size() >= 4, r.label + " resumed only " + (r.connections.size() - 1)
                        + " times");
                for (SseClient c : r.connections) {
                    // A stream dropped at once may end before its ready arrived; otherwise ready came first, once.
                    if (!c.events().isEmpty()) {
                        assertEquals("ready", c.events().get(0).event());
                    }
                    assertTrue(c.named("ready").size() <= 1);
                    assertTrue(c.named("resync").isEmpty(), r.label + " was told to resync");
                }

                // A fresh stream from the start position replays the same, by header or by query parameter.
                try (SseClient byHeader = SseClient.open(node.baseUrl() + "/api/events", r.api.token(),
                        Long.toString(start));
                     SseClient byParameter = SseClient.open(node.baseUrl() + "/api/events?lastEventId=" + start,
                             r.api.token(), null)) {
                    for (SseClient fresh : List.of(byHeader, byParameter)) {
                        fresh.await(e -> hasId(e, end), WAIT, "the end marker on a fresh stream of " + r.label);
                        assertEquals(ids(expected), fresh.dataEvents().stream().map(SseEvent::idAsLong).toList());
                    }
                }
            } finally {
                r.connections.forEach(SseClient::close);
            }
        }
    }

    @Test
    void lastEventIdQueryParameterResumesLikeTheHeader() {
        long before = emit(root, "owners", "test:param", Map.of("n", 1));
        long second = emit(root, "owners", "test:param", Map.of("n", 2));
        long third = emit(root, "*", "test:param", Map.of("n", 3));
        try (SseClient s = SseClient.open(node.baseUrl() + "/api/events?lastEventId=" + before, ownerA.token(), null)) {
            s.await(e -> hasId(e, third), WAIT, "the replay");
            assertEquals(List.of(second, third), s.dataEvents().stream().map(SseEvent::idAsLong).toList());
            assertEquals(List.of(2, 3), s.dataEvents().stream().map(e -> e.json().get("n").asInt()).toList());
        }
    }

    @Test
    void lastEventIdBeyondTheNewestGetsResyncThenLiveEvents() {
        long newest = emit(root, "*", "test:newest", Map.of());
        for (String resume : List.of("header", "parameter")) {
            String position = Long.toString(newest + 1_000);
            try (SseClient s = resume.equals("header")
                    ? SseClient.open(node.baseUrl() + "/api/events", tenantB.token(), position)
                    : SseClient.open(node.baseUrl() + "/api/events?lastEventId=" + position, tenantB.token(), null)) {
                s.await("resync", WAIT);
                long live = emit(root, "tenants", "test:live", Map.of("resume", resume));
                s.await(e -> hasId(e, live), WAIT, "a live event after resync");
                assertEquals(List.of("ready", "resync", "test:live"), s.events().stream().map(SseEvent::event)
                        .toList());
            }
        }
    }

    /**
     * A Last-Event-ID that is no event id is an unknown position, not a 400 (which would stop a standard client for
     * good): resync, with the current position as its id, so the client's next reconnect resumes from there
     * instead of sending the bad id again.
     */
    @Test
    void malformedLastEventIdGetsResyncWithThePositionToResumeFrom() {
        for (String bad : List.of("abc", "-1", "1.5", "12abc", "99999999999999999999999")) {
            long newest = emit(root, "*", "test:before-resync", Map.of());
            try (SseClient byHeader = SseClient.open(node.baseUrl() + "/api/events", support.token(), bad);
                 SseClient byParameter = support.stream("?lastEventId=" + bad)) {
                for (SseClient s : List.of(byHeader, byParameter)) {
                    assertEquals(200, s.status(), () -> bad + ": " + s.error());
                    SseEvent resync = s.await("resync", WAIT);
                    assertEquals("unknown position", resync.json().path("reason").asText(), bad);
                    assertEquals(newest, resync.idAsLong(), bad);
                    assertEquals(List.of("ready", "resync"), s.events().stream().map(SseEvent::event).toList(), bad);
                }
                try (SseClient resumed = byHeader.reconnect()) {
                    long live = emit(root, "*", "test:after-resync", Map.of());
                    resumed.await(e -> hasId(e, live), WAIT, "a live event after resuming from the resync position");
                    assertEquals(List.of("ready", "test:after-resync"),
                            resumed.events().stream().map(SseEvent::event).toList(), "no second resync: " + bad);
                }
            }
        }
    }

    // ---- writers ------------------------------------------------------------------------------------------

    /**
     * A customer write as {@code event|customer id|value}: the value written (the new phone of customer A, the new
     * owner of customer B, the company of a new customer), read from a {@code customer:*} event's data.
     */
    private static String writeOf(String event, JsonNode data) {
        JsonNode c = data.get("customer");
        String id = c.get("id").asText();
        if (event.equals("customer:created")) {
            return event + "|new|" + c.get("company").asText();
        }
        return event + "|" + id + "|" + (id.equals(customerA.get("id").asText()) ? c.get("phone") : c.get("owner"))
                .asText();
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    private static void write(int writer, Map<Long, String> emittedRooms, List<String> customerWrites) {
        String a = customerA.get("id").asText();
        String b = customerB.get("id").asText();
        List<String> rooms = List.of("owners", "tenants", "managers", "*", "customer:" + a, "customer:" + b, "admins",
                "user:" + ownerA.get("/api/auth/me").json().get("id").asText(),
                "user:" + tenantB.get("/api/auth/me").json().get("id").asText());
        for (int op = 0; op < OPS_PER_WRITER; op++) {
            String tag = writer + "-" + op;
            switch ((writer + op) % 4) {
                case 0 -> {
                    String phone = "+1 555 " + writer + op;
                    Fixtures.expect(admin.patch("/api/customers/" + a, Map.of("phone", phone)), 200);
                    customerWrites.add("customer:updated|" + a + "|" + phone);
                }
                case 1 -> {
                    Fixtures.expect(admin.patch("/api/customers/" + b, Map.of("owner", "Owner " + tag)), 200);
                    customerWrites.add("customer:updated|" + b + "|Owner " + tag);
                }
                case 2 -> {
                    Fixtures.customer(admin, "Concurrent " + tag);
                    customerWrites.add("customer:created|new|Concurrent " + tag);
                }
                default -> {
                    String room = rooms.get((writer * OPS_PER_WRITER + op) % rooms.size());
                    emittedRooms.put(emit(root, room, "test:concurrent", Map.of("tag", tag, "text", "a\nb")), room);
                }
            }
        }
    }

    // ---- readers ------------------------------------------------------------------------------------------

    /** A browser-like reader: keeps its stream, and drops and resumes it after a random number of events. */
    private static final class Reader {
        final String label;
        final ApiClient api;
        final List<SseClient> connections = new ArrayList<>();
        final Set<String> rooms = new HashSet<>();

        Reader(String label, ApiClient api, long start) {
            this.label = label;
            this.api = api;
            SseClient first = SseClient.open(api.baseUrl() + "/api/events", api.token(), Long.toString(start));
            assertEquals(200, first.status());
            JsonNode ready = first.await("ready", WAIT).json();
            StreamSupport.stream(ready.get("rooms").spliterator(), false).map(JsonNode::asText).forEach(rooms::add);
            rooms.add("*");
            connections.add(first);
        }

        synchronized SseClient current() {
            return connections.get(connections.size() - 1);
        }

        void run(AtomicBoolean writing) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (writing.get()) {
                SseClient stream = current();
                // Sometimes right away (mid-replay), usually after a few more events.
                int target = stream.dataEvents().size() + random.nextInt(0, 5);
                Await.until(WAIT, () -> !writing.get() || stream.ended() || stream.dataEvents().size() >= target,
                        label + " reading");
                if (!writing.get()) {
                    return;
                }
                SseClient next = stream.reconnect();
                assertEquals(200, next.status(), () -> label + " could not resume: " + next.error());
                synchronized (this) {
                    connections.add(next);
                }
            }
        }

        synchronized int connectionCount() {
            return connections.size();
        }

        /** The data events of all connections in arrival order, up to and including {@code end}. */
        List<SseEvent> received(long end) {
            List<SseEvent> all = new ArrayList<>();
            for (SseClient c : connections) {
                all.addAll(c.dataEvents());
            }
            return all.stream().filter(e -> e.idAsLong() <= end).toList();
        }
    }

    /** Every log entry with {@code start < id <= end}; fails if any is missing. */
    private static List<JsonNode> readLog(long start, long end) {
        List<JsonNode> log = new ArrayList<>();
        for (long id = start + 1; id <= end; id++) {
            log.add(Fixtures.expect(root.get("/api/realtime/events/" + id), 200).json());
        }
        return log;
    }

    private static List<Long> ids(List<JsonNode> entries) {
        return entries.stream().map(e -> Long.parseLong(e.get("id").asText())).toList();
    }
}

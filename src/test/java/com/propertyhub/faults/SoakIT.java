package com.propertyhub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Drill;
import com.propertyhub.testsupport.EmitLoad;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeProcess;
import com.propertyhub.testsupport.TestNode;
import com.propertyhub.testsupport.TrackedStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A soak: a node in a JVM of its own under a steady load for a while — open streams, emits, customer writes
 * (create, update, delete) and streams that close and resume with {@code Last-Event-ID} — with its heap after a full
 * GC sampled periodically ({@code jcmd GC.run}, {@code GC.heap_info}). The heap must stay flat, every client gets
 * every event once, and the open-stream count returns to zero once the clients close.
 *
 * <p>Sizes: {@code -Ddrill.duration} (60 s; full 30 m), {@code -Ddrill.streams} (50; full 200), {@code -Ddrill.rate}
 * emits a second (20), {@code -Ddrill.samples} heap samples (6; full 30).
 */
class SoakIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EVENT = "drill:soak";
    /** The last third of the heap samples may average this much above the first third... */
    private static final long HEAP_SLACK_KB = 8 * 1024;
    /** ...or this fraction of it, if more. */
    private static final double HEAP_SLACK_FRACTION = 0.10;

    private final List<TrackedStream> clients = new ArrayList<>();
    private NodeProcess node;

    @AfterEach
    void stop() {
        clients.forEach(TrackedStream::close);
        if (node != null) {
            node.close();
        }
    }

    @Test
    void steadyLoadKeepsTheHeapFlatAndLosesNothing() throws Exception {
        Duration duration = Drill.duration("duration", Duration.ofSeconds(60), Duration.ofMinutes(30));
        int streams = Drill.size("streams", 50, 200);
        int rate = Drill.size("rate", 20, 20);
        int samples = Drill.size("samples", 6, 30);

        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.put("SSE_MAX_STREAMS_PER_USER", "100000");
        settings.put("EMIT_MAX_PER_MINUTE", "10000000");
        // Thousands of streams a second from one user on loopback: lift the per-user stream rate like the emit limit.
        settings.put("STREAM_RATE_BURST", "10000000");
        settings.put("STREAM_RATE_PER_MINUTE", "100000000");
        settings.put("SSE_HEARTBEAT", "5s");
        node = NodeProcess.start("soak", settings);
        ApiClient root = node.api().loginAsAdmin();
        int openBefore = connections(root);

        for (int i = 0; i < streams; i++) {
            clients.add(new TrackedStream(root.token(), EVENT, null).open(node.baseUrl()));
        }
        ScheduledExecutorService background = Executors.newScheduledThreadPool(3);
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger writeFailures = new AtomicInteger();
        AtomicInteger resumes = new AtomicInteger();
        AtomicLong churn = new AtomicLong();
        List<Long> heapKb = new CopyOnWriteArrayList<>();
        EmitLoad load = EmitLoad.start(List.of(root), rate, "admins", EVENT, 256);
        long started = System.nanoTime();
        try {
            // Customer writes: create one, update it, delete the one before (each commits data and events).
            List<String> customers = new CopyOnWriteArrayList<>();
            background.scheduleAtFixedRate(() -> {
                try {
                    JsonNode created = Fixtures.customer(root, "Soak " + writes.get());
                    String id = created.get("id").asText();
                    Fixtures.expect(root.patch("/api/customers/" + id, Map.of("status", "trial")), 200);
                    customers.add(id);
                    if (customers.size() > 5) {
                        Fixtures.expect(root.delete("/api/customers/" + customers.remove(0)), 204);
                    }
                    writes.incrementAndGet();
                } catch (RuntimeException | AssertionError e) {
                    writeFailures.incrementAndGet();
                }
            }, 0, 500, TimeUnit.MILLISECONDS);
            // Stream churn: every second one client closes its stream and resumes with Last-Event-ID.
            background.scheduleAtFixedRate(() -> {
                try {
                    clients.get((int) (churn.getAndIncrement() % clients.size())).reconnect(node.baseUrl());
                    resumes.incrementAndGet();
                } catch (RuntimeException | AssertionError e) {
                    writeFailures.incrementAndGet();
                }
            }, 1, 1, TimeUnit.SECONDS);
            // Heap after a full GC, evenly over the run.
            long every = duration.toMillis() / samples;
            background.scheduleAtFixedRate(() -> heapKb.add(node.heapAfterFullGcKb()), every, every,
                    TimeUnit.MILLISECONDS);

            Await.until(duration.plus(WAIT), () -> heapKb.size() >= samples, samples + " heap samples over "
                    + duration);
        } finally {
            background.shutdownNow();
            background.awaitTermination(60, TimeUnit.SECONDS);
            load.stop();
        }
        long ranNanos = System.nanoTime() - started;
        List<Long> ids = load.ids();
        Await.until(WAIT, () -> clients.stream().allMatch(c -> c.hasAll(ids)), "every client has all " + ids.size()
                + " events; missing " + clients.stream().mapToLong(c -> c.missing(ids)).sum());
        long lost = clients.stream().mapToLong(c -> c.missing(ids)).sum();
        long dup = clients.stream().mapToLong(TrackedStream::duplicates).sum();
        long disorder = clients.stream().mapToLong(TrackedStream::outOfOrder).sum();
        long resyncs = clients.stream().mapToLong(c -> c.named("resync")).sum();

        clients.forEach(TrackedStream::close);
        Await.until(WAIT, () -> connections(root) == openBefore, "open streams back to " + openBefore
                + " after the clients closed (now " + connections(root) + ")");
        boolean restAnswers = root.get("/api/customers").status() == 200 && node.api().get("/health").status() == 200;

        List<Long> heap = List.copyOf(heapKb).subList(0, samples);
        int third = Math.max(1, samples / 3);
        double first = heap.subList(0, third).stream().mapToLong(Long::longValue).average().orElseThrow();
        double last = heap.subList(samples - third, samples).stream().mapToLong(Long::longValue).average()
                .orElseThrow();
        double allowed = first + Math.max(HEAP_SLACK_KB, first * HEAP_SLACK_FRACTION);
        Drill.report("SoakIT", String.format(Locale.ROOT, "%d s, %d streams (one resuming a second), %d emits/s,"
                        + " 2 customer writes/s", ranNanos / 1_000_000_000L, streams, rate),
                String.format(Locale.ROOT,
                        "heap after full GC (MB) %s; first third %.1f MB, last third %.1f MB (%+.1f MB);"
                                + " %d emits, %d customer writes, %d resumes, resyncs %d, failures %d/%s; streams open"
                                + " after close %d",
                                heap.stream().map(kb -> String.format(Locale.ROOT, "%.1f", kb / 1024.0))
                                .toList(), first / 1024, last / 1024, (last - first) / 1024, ids.size(), writes.get(),
                        resumes.get(), resyncs, writeFailures.get(), load.failures(), connections(root)),
                lost, dup, "REST " + (restAnswers ? "answers" : "FAILS"));

        assertEquals(Map.of(), load.failures(), "emits refused");
        assertEquals(0, writeFailures.get(), "customer writes or resumes that failed");
        assertEquals(0, lost, "events lost");
        assertEquals(0, dup, "events delivered twice");
        assertEquals(0, disorder, "events out of order");
        assertEquals(0, resyncs, "resyncs instead of a replay");
        assertTrue(last <= allowed, String.format(Locale.ROOT, "heap grew: first third %.1f MB, last third %.1f MB,"
                + " allowed %.1f MB; samples %s KB", first / 1024, last / 1024, allowed / 1024, heap));
        assertTrue(restAnswers, "the server answers REST");
    }

    private static int connections(ApiClient root) {
        return Fixtures.expect(root.get("/api/realtime/stats"), 200).json().get("connections").asInt();
    }
}

package com.propertyhub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Drill;
import com.propertyhub.testsupport.EmitLoad;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.RawStream;
import com.propertyhub.testsupport.TestNode;
import com.propertyhub.testsupport.TrackedStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow consumers under load: many clients open an authenticated stream and never read, while normal clients are
 * timed under a steady emit load. The stalled ones must be cut by the queue limit without slowing the others
 * (their latency is compared with a run without stalled clients), the normal clients get every event once, and a
 * cut client that reconnects with {@code Last-Event-ID} gets what it missed.
 *
 * <p>Sizes: {@code -Ddrill.slow} stalled clients (100; full 1,000), {@code -Ddrill.timed} timed clients (20; full
 * 100), {@code -Ddrill.rate} emits a second (40) of {@code -Ddrill.pad} bytes (8192), {@code -Ddrill.phase} length
 * of each timed phase (8 s; full 20 s). A stalled client is cut only once the kernel's send buffer for it (up to
 * {@code tcp_wmem}'s maximum, about 3 MB per socket on Linux by default) and then its queue are full, hence the large
 * events: with 1 KiB events a stalled client would be cut only after minutes.
 */
class SlowConsumersIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EVENT = "drill:slow";
    /** Frames a stream may have queued; a stalled stream holds this many plus its socket buffers, then is cut. */
    private static final int QUEUE_LIMIT = 200;
    /** p99 with the stalled clients may be this many times the baseline p99 (or 1 s above it, if more)... */
    private static final double P99_FACTOR = 4;
    private static final Duration P99_SLACK = Duration.ofSeconds(1);

    private final List<TrackedStream> timed = new ArrayList<>();
    private final List<RawStream> stalled = new ArrayList<>();
    private TestNode node;

    @AfterEach
    void stop() {
        timed.forEach(TrackedStream::close);
        stalled.forEach(RawStream::close);
        if (node != null) {
            node.close();
        }
    }

    @Test
    void stalledClientsAreCutWithoutSlowingTheOthersAndCatchUpOnReconnect() {
        int slowCount = Drill.size("slow", 100, 1000);
        int timedCount = Drill.size("timed", 20, 100);
        int rate = Drill.size("rate", 40, 40);
        Duration phase = Drill.duration("phase", Duration.ofSeconds(8), Duration.ofSeconds(20));
        int pad = Drill.size("pad", 8192, 8192);

        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.put("SSE_QUEUE_LIMIT", Integer.toString(QUEUE_LIMIT));
        settings.put("SSE_MAX_STREAMS_PER_USER", "100000");
        settings.put("EMIT_MAX_PER_MINUTE", "10000000");
        // Thousands of streams a second from one user on loopback: lift the per-user stream rate like the emit limit.
        settings.put("STREAM_RATE_BURST", "10000000");
        settings.put("STREAM_RATE_PER_MINUTE", "100000000");
        node = TestNode.start(settings);
        ApiClient root = node.api().loginAsAdmin();

        Drill.Latencies latencies = new Drill.Latencies();
        for (int i = 0; i < timedCount; i++) {
            timed.add(new TrackedStream(root.token(), EVENT, latencies).open(node.baseUrl()));
        }
        awaitConnections(root, timedCount);

        // Warm-up (unmeasured: JIT, pools), then the baseline: the timed clients alone.
        awaitAllDelivered(runLoad(root, rate, pad, Duration.ofSeconds(3)));
        long baselineStart = System.nanoTime();
        List<Long> baselineIds = runLoad(root, rate, pad, phase);
        awaitAllDelivered(baselineIds);
        Drill.Latencies baseline = latencies.sentBetween(baselineStart, System.nanoTime());

        // The same load with the stalled clients: tiny receive windows, never read.
        for (int i = 0; i < slowCount; i++) {
            stalled.add(RawStream.openPlain(node.port(), root.token(), 4096));
        }
        awaitConnections(root, timedCount + slowCount);
        long loadStart = System.nanoTime();
        EmitLoad load = EmitLoad.start(List.of(root), rate, "admins", EVENT, pad);
        List<Long> loadedIds;
        long cutAfterNanos;
        try {
            Await.until(WAIT, () -> connections(root) == timedCount, "every stalled stream cut (queue limit "
                    + QUEUE_LIMIT + "); open: " + connections(root));
            cutAfterNanos = System.nanoTime() - loadStart;
            Await.until(phase.plusSeconds(30), () -> System.nanoTime() - loadStart >= phase.toNanos(),
                    "the timed phase to run its length");
        } finally {
            load.stop();
        }
        loadedIds = load.ids();
        assertEquals(Map.of(), load.failures(), "emits refused during the load");
        awaitAllDelivered(loadedIds);
        Drill.Latencies loaded = latencies.sentBetween(loadStart, System.nanoTime());

        List<Long> all = new ArrayList<>(baselineIds);
        all.addAll(loadedIds);
        long lost = timed.stream().mapToLong(t -> t.missing(all)).sum();
        long dup = timed.stream().mapToLong(TrackedStream::duplicates).sum();
        long disorder = timed.stream().mapToLong(TrackedStream::outOfOrder).sum();
        long timedReconnects = timed.stream().filter(TrackedStream::ended).count();

        // A cut client reads what reached it, then reconnects with the last id it saw.
        List<TrackedStream> resumed = new ArrayList<>();
        long resumedLost = 0;
        long resumedDup = 0;
        long resyncs = 0;
        for (RawStream cut : stalled.subList(0, Math.min(3, stalled.size()))) {
            cut.readToEnd(WAIT);
            long position = cut.lastEventId();
            List<Long> missed = all.stream().filter(id -> id > position).toList();
            TrackedStream again = new TrackedStream(root.token(), EVENT, null);
            timed.add(again);
            again.resumeAfter(position);
            again.reconnect(node.baseUrl());
            Await.until(WAIT, () -> again.hasAll(missed) || again.named("resync") > 0,
                    "a cut client that resumed after " + position + " gets the " + missed.size() + " events it missed");
            resumed.add(again);
            resumedLost += again.missing(missed);
            resumedDup += again.duplicates();
            resyncs += again.named("resync");
        }

        boolean restAnswers = Fixtures.customer(root, "After the slow consumers").has("id")
                && node.api().get("/health").status() == 200;
        double p99Bound = Math.max(baseline.percentile(99) * P99_FACTOR, baseline.percentile(99) + P99_SLACK.toNanos());
        Drill.report("SlowConsumersIT",
                slowCount + " stalled + " + timedCount + " timed streams, " + rate + " emits/s of " + pad / 1024
                        + " KiB, queue limit "
                        + QUEUE_LIMIT,
                "timed latency without stalled: " + baseline.summary() + "; with stalled: " + loaded.summary()
                        + "; all stalled cut after " + Drill.ms(cutAfterNanos) + "; resumed cut clients: "
                        + resumed.size() + " (lost " + resumedLost + ", dup " + resumedDup + ", resync "
                        + resyncs + ")",
                lost + resumedLost, dup + resumedDup, "REST " + (restAnswers ? "answers" : "FAILS"));

        assertEquals(0, lost, "events lost by the timed clients");
        assertEquals(0, dup, "events the timed clients got twice");
        assertEquals(0, disorder, "events out of order at the timed clients");
        assertEquals(0, timedReconnects, "timed clients that were cut");
        assertTrue(loaded.percentile(99) <= p99Bound, "timed p99 with stalled clients "
                + Drill.ms(loaded.percentile(99))
                + " is above " + Drill.ms(p99Bound) + " (baseline p99 " + Drill.ms(baseline.percentile(99)) + ")");
        assertEquals(0, resyncs, "a cut client that reconnects at once gets a replay, not a resync");
        assertEquals(0, resumedLost, "events a resumed cut client missed");
        assertEquals(0, resumedDup, "events a resumed cut client got twice");
        assertTrue(restAnswers, "the server still answers REST");
    }

    private List<Long> runLoad(ApiClient root, int rate, int pad, Duration length) {
        long start = System.nanoTime();
        EmitLoad load = EmitLoad.start(List.of(root), rate, "admins", EVENT, pad);
        try {
            Await.until(length.plusSeconds(30), () -> System.nanoTime() - start >= length.toNanos(),
                    "the baseline phase to run its length");
        } finally {
            load.stop();
        }
        assertEquals(Map.of(), load.failures(), "emits refused during the baseline");
        return load.ids();
    }

    private void awaitAllDelivered(List<Long> ids) {
        Await.until(WAIT, () -> timed.stream().allMatch(t -> t.hasAll(ids)),
                "every timed client has all " + ids.size() + " events; missing "
                        + timed.stream().mapToLong(t -> t.missing(ids)).sum());
    }

    private static int connections(ApiClient root) {
        return Fixtures.expect(root.get("/api/realtime/stats"), 200).json().get("connections").asInt();
    }

    private static void awaitConnections(ApiClient root, int n) {
        Await.until(WAIT, () -> connections(root) == n, n + " open streams");
    }
}

package com.propertyhub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Drill;
import com.propertyhub.testsupport.EmitLoad;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import com.propertyhub.testsupport.TrackedStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reconnect storm under load: every client drops its stream at once (a proxy restart, a network blip) and
 * reconnects at once with {@code Last-Event-ID}. All must be caught up within 10 s, with nothing missed or repeated.
 * The full 10,000-stream storm is the benchmark's {@code --mode storm}.
 *
 * <p>Sizes: {@code -Ddrill.clients} (500), {@code -Ddrill.rate} emits a second (20).
 */
class ReconnectStormIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration CATCH_UP_BOUND = Duration.ofSeconds(10);
    private static final String EVENT = "drill:storm";

    private final List<TrackedStream> clients = new ArrayList<>();
    private TestNode node;

    @AfterEach
    void stop() {
        clients.forEach(TrackedStream::close);
        if (node != null) {
            node.close();
        }
    }

    @Test
    void allClientsReconnectingAtOnceAreCaughtUpWithinTenSeconds() throws Exception {
        int count = Drill.size("clients", 500, 500);
        int rate = Drill.size("rate", 20, 20);

        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.put("SSE_MAX_STREAMS_PER_USER", "100000");
        settings.put("EMIT_MAX_PER_MINUTE", "10000000");
        // Thousands of streams a second from one user on loopback: lift the per-user stream rate like the emit limit.
        settings.put("STREAM_RATE_BURST", "10000000");
        settings.put("STREAM_RATE_PER_MINUTE", "100000000");
        node = TestNode.start(settings);
        ApiClient root = node.api().loginAsAdmin();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<TrackedStream>> opening = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                opening.add(pool.submit(() -> new TrackedStream(root.token(), EVENT, null).open(node.baseUrl())));
            }
            for (Future<TrackedStream> f : opening) {
                clients.add(f.get());
            }

            EmitLoad load = EmitLoad.start(List.of(root), rate, "admins", EVENT, 256);
            long droppedAt;
            long caughtUp;
            int mostStorming;
            try {
                Await.until(WAIT, () -> load.ids().size() >= rate * 2L && clients.stream().allMatch(c -> c.hasAll(
                        load.ids().subList(0, rate * 2))), "two seconds of load at every client");

                // The storm: every stream drops, and every client reconnects at once with its last id.
                List<Long> beforeDrop = load.ids();
                droppedAt = System.nanoTime();
                clients.forEach(c -> c.current().close());
                // One thread per client, released together: every reconnect is in flight at once, not a pool's
                // worth at a time.
                ExecutorService storm = Executors.newFixedThreadPool(count);
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger inFlight = new AtomicInteger();
                AtomicInteger mostInFlight = new AtomicInteger();
                try {
                    List<Future<?>> reconnecting = new ArrayList<>();
                    for (TrackedStream c : clients) {
                        reconnecting.add(storm.submit(() -> {
                            go.await();
                            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            try {
                                c.reconnect(node.baseUrl());
                            } finally {
                                inFlight.decrementAndGet();
                            }
                            return null;
                        }));
                    }
                    go.countDown();
                    for (Future<?> f : reconnecting) {
                        f.get();
                    }
                } finally {
                    storm.shutdownNow();
                }
                mostStorming = mostInFlight.get();
                Await.until(WAIT, () -> clients.stream().allMatch(c -> c.hasAll(beforeDrop)),
                        "every client has every event stored before the drop");
                caughtUp = System.nanoTime() - droppedAt;
                long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                Await.until(WAIT, () -> System.nanoTime() >= until, "two more seconds of load after the storm");
            } finally {
                load.stop();
            }
            List<Long> ids = load.ids();
            Await.until(WAIT, () -> clients.stream().allMatch(c -> c.hasAll(ids)), "every client has all " + ids.size()
                    + " events; missing " + clients.stream().mapToLong(c -> c.missing(ids)).sum());

            long lost = clients.stream().mapToLong(c -> c.missing(ids)).sum();
            long dup = clients.stream().mapToLong(TrackedStream::duplicates).sum();
            long disorder = clients.stream().mapToLong(TrackedStream::outOfOrder).sum();
            long resyncs = clients.stream().mapToLong(c -> c.named("resync")).sum();
            boolean restAnswers = Fixtures.customer(root, "After the storm").has("id");
            Drill.report("ReconnectStormIT", count + " streams drop and reconnect at once, " + rate + " emits/s",
                    "all caught up " + Drill.ms(caughtUp) + " after the drop (" + mostStorming
                            + " reconnects in flight at once); resyncs " + resyncs
                            + "; emits failed " + load.failures(),
                    lost, dup, "REST " + (restAnswers ? "answers" : "FAILS"));

            assertTrue(mostStorming > 64, "only " + mostStorming + " reconnects were in flight at once");
            assertEquals(Map.of(), load.failures(), "emits refused");
            assertEquals(0, lost, "events missed");
            assertEquals(0, dup, "events delivered twice");
            assertEquals(0, disorder, "events out of order");
            assertEquals(0, resyncs, "resyncs instead of a replay");
            assertTrue(caughtUp <= CATCH_UP_BOUND.toNanos(), "caught up after " + Drill.ms(caughtUp));
            assertTrue(restAnswers, "the server answers REST");
        } finally {
            pool.shutdownNow();
        }
    }
}

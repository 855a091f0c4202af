package com.propertyhub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Drill;
import com.propertyhub.testsupport.EmitLoad;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeProcess;
import com.propertyhub.testsupport.TestCluster;
import com.propertyhub.testsupport.TestNode;
import com.propertyhub.testsupport.TimedWrites;
import com.propertyhub.testsupport.TrackedStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node dies under a steady load: two surviving nodes and the victim, in a JVM of its own, share PostgreSQL and
 * Redis, with clients on each. It dies loudly (SIGKILL: the kernel resets its connections) or silently (SIGSTOP: its
 * connections stay open and nothing on them answers, not even the heartbeat). The victim's clients notice the
 * dropped or silent connection and reconnect to a survivor with {@code Last-Event-ID}, as a browser's EventSource
 * does through a load balancer; a silent one is noticed as a client with a read timeout above the heartbeat notices
 * it (three missed heartbeats here; see "Consuming the stream" in the README). Figure: the time from the death until
 * every one of them has every event stored before it; every client of every node ends with every event once. A frozen
 * victim is thawed and stopped at the end.
 *
 * <p>Sizes: {@code -Ddrill.clients} clients per node (20; full 200), {@code -Ddrill.rate} emits a second (40),
 * {@code -Ddrill.after} load after the kill (5 s; full 20 s).
 */
class NodeLossUnderLoadIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EVENT = "drill:node-loss";
    private static final Duration FAST_PATH_P99 = Duration.ofMillis(200);
    /** The nodes' heartbeat here; a client takes three missed ones as a node that no longer answers. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration QUIET = HEARTBEAT.multipliedBy(3);

    /** How the victim dies. */
    enum Death {
        SIGKILL {
            @Override
            void of(NodeProcess victim) {
                victim.kill();
            }
        },
        SIGSTOP {
            @Override
            void of(NodeProcess victim) {
                victim.freeze();
            }
        };

        abstract void of(NodeProcess victim);
    }

    private final List<TrackedStream> clients = new ArrayList<>();
    private TestCluster cluster;

    @AfterEach
    void stop() {
        clients.forEach(TrackedStream::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Death.class)
    void clientsOfANodeThatDiesResumeOnTheOthersWithNothingLostOrRepeated(Death death) throws Exception {
        int perNode = Drill.size("clients", 20, 200);
        int rate = Drill.size("rate", 40, 40);
        Duration after = Drill.duration("after", Duration.ofSeconds(5), Duration.ofSeconds(20));

        cluster = new TestCluster(Map.of("SSE_MAX_STREAMS_PER_USER", "100000", "EMIT_MAX_PER_MINUTE", "10000000",
                // Thousands of streams a second from one user on loopback: lift the per-user stream rate too.
                "STREAM_RATE_BURST", "10000000", "STREAM_RATE_PER_MINUTE", "100000000",
                "SSE_HEARTBEAT", HEARTBEAT.toMillis() + "ms"));
        TestNode a = cluster.start("node-a");
        TestNode b = cluster.start("node-b");
        NodeProcess victim = cluster.startProcess("node-c");
        ApiClient admin = a.api().loginAsAdmin();
        List<String> survivors = List.of(a.baseUrl(), b.baseUrl());
        // The victim writes nothing, so its clients get the others' events only through Redis (the cluster's
        // catch-up timer is out of the way): the fast path, timed before the load.
        Drill.Latencies fastPath = TimedWrites.across(admin, victim.baseUrl(), 200, WAIT);
        System.out.println("NodeLossUnderLoadIT A->victim write-to-stream latency, no load: " + fastPath.summary());

        Drill.Latencies latencies = new Drill.Latencies();
        Drill.Latencies victimLatencies = new Drill.Latencies();
        List<TrackedStream> onVictim = new ArrayList<>();
        for (int i = 0; i < perNode; i++) {
            clients.add(new TrackedStream(admin.token(), EVENT, latencies).open(a.baseUrl()));
            clients.add(new TrackedStream(admin.token(), EVENT, latencies).open(b.baseUrl()));
            TrackedStream c = new TrackedStream(admin.token(), EVENT, victimLatencies).open(victim.baseUrl());
            onVictim.add(c);
            clients.add(c);
        }

        EmitLoad load = EmitLoad.start(List.of(admin, b.api().as(admin.token())), rate, "admins", EVENT, 256);
        ExecutorService reconnects = Executors.newFixedThreadPool(Math.min(64, perNode));
        long killedAt;
        long caughtUpNanos;
        List<Long> beforeKill;
        try {
            // Kill once every client has had a few seconds of load.
            Await.until(WAIT, () -> load.ids().size() >= rate * 3L && clients.stream().allMatch(c -> c.hasAll(
                    load.ids().subList(0, rate * 3))), "three seconds of load at every client");

            beforeKill = load.ids();
            killedAt = System.nanoTime();
            death.of(victim);

            // Each client of the lost node notices its stream ended (or went silent) and reconnects to a survivor.
            List<Future<?>> resumed = new ArrayList<>();
            for (int i = 0; i < onVictim.size(); i++) {
                TrackedStream c = onVictim.get(i);
                String to = survivors.get(i % survivors.size());
                resumed.add(reconnects.submit(() -> {
                    Await.until(WAIT, () -> c.endedOrSilentFor(QUIET),
                            "a client of the dead node sees its stream end or go silent");
                    c.reconnect(to);
                }));
            }
            for (Future<?> f : resumed) {
                f.get();
            }
            List<Long> stored = beforeKill;
            Await.until(WAIT, () -> onVictim.stream().allMatch(c -> c.hasAll(stored)),
                    "every client of the killed node has every event stored before the kill");
            caughtUpNanos = System.nanoTime() - killedAt;

            long loadUntil = System.nanoTime() + after.toNanos();
            Await.until(after.plusSeconds(30), () -> System.nanoTime() >= loadUntil,
                    "the load to run on after the kill");
        } finally {
            load.stop();
            reconnects.shutdownNow();
        }
        List<Long> ids = load.ids();
        Await.until(WAIT, () -> clients.stream().allMatch(c -> c.hasAll(ids)), "every client has all " + ids.size()
                + " events; missing " + clients.stream().mapToLong(c -> c.missing(ids)).sum());

        long lost = clients.stream().mapToLong(c -> c.missing(ids)).sum();
        long dup = clients.stream().mapToLong(TrackedStream::duplicates).sum();
        long disorder = clients.stream().mapToLong(TrackedStream::outOfOrder).sum();
        long resyncs = clients.stream().mapToLong(c -> c.named("resync")).sum();
        boolean restAnswers = a.api().as(admin.token()).get("/api/customers").status() == 200
                && b.api().as(admin.token()).get("/api/customers").status() == 200;
        Drill.report("NodeLossUnderLoadIT",
                "3 nodes x " + perNode + " streams, " + rate + " emits/s via 2 nodes, 1 node " + death,
                "all " + perNode + " clients of the lost node caught up " + Drill.ms(caughtUpNanos)
                        + " after the kill; their latency " + victimLatencies.sentBetween(killedAt, Long.MAX_VALUE)
                        .summary() + " for events sent after the kill; other clients " + latencies.summary()
                        + "; emits failed " + load.failures(),
                lost, dup, "REST " + (restAnswers ? "answers on both survivors" : "FAILS"));

        assertEquals(Map.of(), load.failures(), "emits refused");
        assertEquals(0, lost, "events lost");
        assertEquals(0, dup, "events delivered twice");
        assertEquals(0, disorder, "events out of order");
        assertEquals(0, resyncs, "resyncs instead of a replay");
        assertTrue(caughtUpNanos < Duration.ofSeconds(20).toNanos(), "caught up within 20 s");
        assertTrue(restAnswers, "the surviving nodes answer REST");
        assertTrue(beforeKill.size() > 0);
        Fixtures.customer(admin, "After the node loss");
        assertTrue(fastPath.percentile(99) <= FAST_PATH_P99.toNanos(), "before the load, changes on A reach a stream "
                + "on the victim within " + FAST_PATH_P99.toMillis() + " ms at p99: " + fastPath.summary());
    }
}

package com.propertyhub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Drill;
import com.propertyhub.testsupport.EmitLoad;
import com.propertyhub.testsupport.RedisServer;
import com.propertyhub.testsupport.TestCluster;
import com.propertyhub.testsupport.TestNode;
import com.propertyhub.testsupport.TimedWrites;
import com.propertyhub.testsupport.TrackedStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis dies under a steady load on a two-node cluster and comes back: emits go on through both nodes, and every
 * client of both nodes gets every event once, since the events are in the log and each node catches up from it every
 * second while the bus is down (delivered within that second plus slack). Before the load, changes on one node
 * reach a stream on the other within 200 ms at p99: through Redis, not the catch-up. Figures: the worst delivery delay
 * of events sent during the outage, and the time from the restart until both nodes are subscribed again and deliveries
 * are back to their speed before the outage.
 *
 * <p>Sizes: {@code -Ddrill.clients} clients per node (20; full 200), {@code -Ddrill.rate} emits a second (40),
 * {@code -Ddrill.outage} how long Redis stays down (6 s; full 30 s).
 */
class RedisOutageUnderLoadIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EVENT = "drill:redis-outage";
    /**
     * How often each node reads the log for what the bus did not bring: all that carries events while Redis is down.
     */
    private static final Duration CATCHUP = Duration.ofSeconds(1);
    /** Delivery during the outage rides on the catch-up from the log: one interval, plus slack for a loaded machine. */
    private static final Duration WORST_DELAY_BOUND = CATCHUP.plusSeconds(2);
    private static final Duration FAST_PATH_P99 = Duration.ofMillis(200);

    private final List<TrackedStream> clients = new ArrayList<>();
    private TestCluster cluster;

    @AfterEach
    void stop() {
        clients.forEach(TrackedStream::close);
        if (cluster != null) {
            cluster.close();
        }
        RedisServer redis = RedisServer.shared();
        if (!redis.isRunning()) {
            redis.start();
        }
    }

    @Test
    void everyClientOfEveryNodeGetsEveryEventOnceThroughARedisOutage() {
        int perNode = Drill.size("clients", 20, 200);
        int rate = Drill.size("rate", 40, 40);
        Duration outage = Drill.duration("outage", Duration.ofSeconds(6), Duration.ofSeconds(30));

        cluster = new TestCluster(Map.of("SSE_MAX_STREAMS_PER_USER", "100000", "EMIT_MAX_PER_MINUTE", "10000000",
                // Thousands of streams a second from one user on loopback: lift the per-user stream rate too.
                "STREAM_RATE_BURST", "10000000", "STREAM_RATE_PER_MINUTE", "100000000",
                "EVENT_CATCHUP_INTERVAL", CATCHUP.toMillis() + "ms"));
        TestNode a = cluster.start("node-a");
        TestNode b = cluster.start("node-b");
        ApiClient admin = a.api().loginAsAdmin();
        ApiClient adminOnB = b.api().as(admin.token());
        // Before the load B writes nothing, so nothing of its own fills gaps from the log: A's changes reach it
        // through Redis, or a catch-up later.
        Drill.Latencies fastPath = TimedWrites.across(admin, b.baseUrl(), 200, WAIT);

        Drill.Latencies latencies = new Drill.Latencies();
        for (int i = 0; i < perNode; i++) {
            clients.add(new TrackedStream(admin.token(), EVENT, latencies).open(a.baseUrl()));
            clients.add(new TrackedStream(admin.token(), EVENT, latencies).open(b.baseUrl()));
        }

        long started = System.nanoTime();
        EmitLoad load = EmitLoad.start(List.of(admin, adminOnB), rate, "admins", EVENT, 256);
        long killedAt;
        long restartedAt;
        long normalAt;
        try {
            Await.until(WAIT, () -> load.ids().size() >= rate * 3L && clients.stream().allMatch(c -> c.hasAll(
                    load.ids().subList(0, rate * 3))), "three seconds of load at every client");

            killedAt = System.nanoTime();
            RedisServer.shared().kill();
            for (TestNode node : List.of(a, b)) {
                Await.until(WAIT, () -> "down".equals(node.api().get("/health").json().path("redis").asText()),
                        "node " + node.baseUrl() + " reports Redis down");
            }
            long restartAt = killedAt + outage.toNanos();
            Await.until(outage.plusSeconds(30), () -> System.nanoTime() >= restartAt, "the outage to last its length");

            RedisServer.shared().start();
            restartedAt = System.nanoTime();
            for (TestNode node : List.of(a, b)) {
                Await.until(WAIT, () -> "up".equals(node.api().get("/health").json().path("redis").asText()),
                        "node " + node.baseUrl() + " subscribed to Redis again");
            }
            // Normal again: two seconds of events sent after this point reach every client as fast as before.
            double normalP99 = latencies.sentBetween(started, killedAt).percentile(99);
            long[] probeFrom = {System.nanoTime()};
            Await.until(WAIT, () -> {
                long now = System.nanoTime();
                List<Long> window = load.idsSentSince(probeFrom[0]);
                if (now - probeFrom[0] < Duration.ofSeconds(2).toNanos() || window.isEmpty()
                        || !clients.stream().allMatch(c -> c.hasAll(window))) {
                    return false;
                }
                if (latencies.sentBetween(probeFrom[0], now).percentile(99) <= Math.max(2 * normalP99, 250e6)) {
                    return true;
                }
                probeFrom[0] = now;
                return false;
            }, "deliveries back to their speed before the outage");
            normalAt = probeFrom[0];
        } finally {
            load.stop();
        }
        List<Long> ids = load.ids();
        Await.until(WAIT, () -> clients.stream().allMatch(c -> c.hasAll(ids)), "every client has all " + ids.size()
                + " events; missing " + clients.stream().mapToLong(c -> c.missing(ids)).sum());

        Drill.Latencies before = latencies.sentBetween(started, killedAt);
        Drill.Latencies during = latencies.sentBetween(killedAt, restartedAt);
        long lost = clients.stream().mapToLong(c -> c.missing(ids)).sum();
        long dup = clients.stream().mapToLong(TrackedStream::duplicates).sum();
        long disorder = clients.stream().mapToLong(TrackedStream::outOfOrder).sum();
        long reconnects = clients.stream().filter(TrackedStream::ended).count();
        boolean restAnswers = admin.get("/api/customers").status() == 200 && adminOnB.get("/api/customers")
                .status() == 200
                && "up".equals(a.api().get("/health").json().path("status").asText());
        Drill.report("RedisOutageUnderLoadIT",
                "2 nodes x " + perNode + " streams, " + rate + " emits/s via both, Redis down "
                        + outage.toSeconds() + " s",
                "A->B with Redis up, no load: " + fastPath.summary() + "; before: " + before.summary()
                        + "; during the outage: " + during.summary() + " (worst delay "
                        + Drill.ms(during.percentile(100)) + "); normal " + Drill.ms(normalAt - restartedAt)
                        + " after the restart; emits failed " + load.failures(),
                lost, dup, "REST " + (restAnswers ? "answers, health up" : "FAILS"));

        assertEquals(Map.of(), load.failures(), "emits refused while Redis was down");
        assertEquals(0, lost, "events lost");
        assertEquals(0, dup, "events delivered twice");
        assertEquals(0, disorder, "events out of order");
        assertEquals(0, reconnects, "streams ended by the outage");
        assertTrue(during.count() > 0, "events were sent and delivered during the outage");
        assertTrue(during.percentile(100) < WORST_DELAY_BOUND.toNanos(), "worst delay during the outage "
                + Drill.ms(during.percentile(100)));
        assertTrue(restAnswers, "both nodes answer REST and report up");
        assertTrue(fastPath.percentile(99) <= FAST_PATH_P99.toNanos(), "before the load, with Redis up, changes on A "
                + "reach a stream on B within " + FAST_PATH_P99.toMillis() + " ms at p99: " + fastPath.summary());
    }
}

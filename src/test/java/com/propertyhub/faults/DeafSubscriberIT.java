package com.propertyhub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Drill;
import com.propertyhub.testsupport.RedisProxy;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import com.propertyhub.testsupport.TestCluster;
import com.propertyhub.testsupport.TestNode;
import com.propertyhub.testsupport.TimedWrites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Redis keeps accepting a node's PUBLISH but stops delivering to that node's subscriber, whose connection stays open
 * (the silent subscriber failure of cluster buses: a half-open connection after a failover, PINGs unanswered but no
 * error). Node B reaches Redis through a {@link RedisProxy} that, at the drill's start, silently drops every byte
 * Redis sends to B's subscriber connection; new connections are not affected, as a fresh connection after a
 * failover is not. The catch-up timer is out of the way ({@link TestCluster}), so only the canary can save B.
 *
 * <p>B must notice within its bound (3 canary intervals, checked once an interval), say {@code redis: "degraded"} on
 * {@code /health} and in its metrics, subscribe again, deliver every change written on A meanwhile to its stream,
 * once and in order, and be {@code up} again with the fast path back. Figure: the time from the silence to
 * {@code degraded}, and from there to {@code up}.
 */
class DeafSubscriberIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration CANARY = Duration.ofSeconds(1);
    /** Deaf for 3 intervals, noticed at the next check: at most 4 intervals after the last canary was heard. */
    private static final Duration DETECTION_BOUND = CANARY.multipliedBy(4).plusMillis(500);
    private static final Duration FAST_PATH = Duration.ofMillis(200);
    private static final Pattern EPISODES =
            Pattern.compile("(?m)^propertyhub_redis_degraded_episodes_total\\{[^}]*} (\\S+)$");

    @Test
    void aSubscriberThatStopsHearingRedisIsNoticedAndHealedWithNothingLost() {
        try (RedisProxy proxy = RedisProxy.toSharedRedis();
             TestCluster cluster = new TestCluster(Map.of("REDIS_CANARY_INTERVAL", CANARY.toMillis() + "ms",
                     "PRESENCE", "false"))) {
            TestNode a = cluster.start("node-a");
            TestNode b = cluster.start("node-b", Map.of("REDIS_URL", proxy.url()));
            ApiClient admin = a.api().loginAsAdmin();
            ApiClient adminOnB = b.api().as(admin.token());
            SseClient onB = cluster.open(b, admin.token());
            TimedWrites writes = new TimedWrites(admin, "Deaf subscriber Co").write(5);
            writes.awaitAll(onB, WAIT);
            assertEquals(0, episodes(adminOnB), "no degraded episode before the drill");

            assertEquals(1, proxy.deafenSubscribers(), "B's one subscriber connection goes deaf");
            long deafAt = System.nanoTime();
            writes.write(5);
            List<String> states = new ArrayList<>();
            long degradedAt = waitForRedis(b, "degraded", deafAt, states);
            long upAt = waitForRedis(b, "up", degradedAt, states);
            writes.awaitAll(onB, WAIT);
            long firstWhileDeaf = writes.firstArrival(onB, 5) - deafAt;
            List<String> healed = writes.companies();
            TimedWrites after = new TimedWrites(admin, "After the heal Co").write(20);
            after.awaitAll(onB, WAIT);

            Drill.Latencies fastPath = after.deliveries(onB);
            long detection = degradedAt - deafAt;
            Drill.report("DeafSubscriberIT", "2 nodes, B's subscriber deaf (proxy drops Redis->B), canary every "
                            + CANARY.toMillis() + " ms",
                    "noticed " + Drill.ms(detection) + " after the silence (bound " + DETECTION_BOUND.toMillis()
                            + " ms), up again " + Drill.ms(upAt - degradedAt) + " later; the first change written "
                            + "meanwhile reached B " + Drill.ms(firstWhileDeaf)
                            + " after the silence; fast path afterwards "
                            + fastPath.summary() + "; /health redis " + states,
                    healed.size() - writes.arrived(onB).size(), duplicates(onB), "episodes " + episodes(adminOnB));

            // Through Redis the first change written after the silence would be on B within milliseconds of its
            // answer; deaf, B gets it only once it notices, about 2 intervals after the silence at the earliest.
            assertTrue(proxy.droppedBytes() > 0, "Redis went on sending to B's deaf subscriber connection");
            assertTrue(firstWhileDeaf >= CANARY.toNanos(), "the changes written while B was deaf "
                    + "reached it only after it noticed: the first " + Drill.ms(firstWhileDeaf) + " after the silence");
            assertTrue(detection <= DETECTION_BOUND.toNanos(), "noticed within " + DETECTION_BOUND.toMillis() + " ms: "
                    + Drill.ms(detection));
            assertEquals(healed, writes.arrived(onB), "every change written meanwhile reached B once, in order");
            assertEquals(0, duplicates(onB), "no event delivered twice");
            assertEquals(1, episodes(adminOnB), "the metrics count one degraded episode");
            assertEquals(1, proxy.hearingSubscribers(), "B subscribed again on a new connection");
            // Only the bus can have brought these (B writes nothing, its catch-up timer is out of the way), and at
            // fast-path speed: the median, as 20 samples are too few for a p99 on a shared machine.
            assertTrue(fastPath.percentile(50) <= FAST_PATH.toNanos(), "fast path back: " + fastPath.summary());
            assertEquals("up", adminOnB.get("/health").json().path("status").asText());
        }
    }

    /** Polls B's health until its redis field says {@code state}; returns when, and notes each change. */
    private static long waitForRedis(TestNode node, String state, long since, List<String> states) {
        try {
            Await.until(WAIT, () -> {
                String now = node.api().get("/health").json().path("redis").asText();
                if (states.isEmpty() || !states.get(states.size() - 1).equals(now)) {
                    states.add(now);
                }
                return state.equals(now);
            }, "redis to report " + state);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ", " + Drill.ms(System.nanoTime() - since) + " after the start;"
                    + " seen " + states, e);
        }
        return System.nanoTime();
    }

    private static long episodes(ApiClient admin) {
        Matcher m = EPISODES.matcher(admin.get("/metrics").body());
        assertTrue(m.find(), "the metrics have propertyhub_redis_degraded_episodes_total");
        return (long) Double.parseDouble(m.group(1));
    }

    private static long duplicates(SseClient stream) {
        List<Long> ids = stream.dataEvents().stream().map(SseEvent::idAsLong).toList();
        return ids.size() - ids.stream().distinct().count();
    }
}

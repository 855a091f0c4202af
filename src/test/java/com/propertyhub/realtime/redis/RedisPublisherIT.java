package com.propertyhub.realtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.RedisProxy;
import com.propertyhub.testsupport.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The background publisher against a real Redis that answers 200 ms late: handing a message over never waits for
 * Redis, messages go out in the order they were handed over, and a full queue drops the oldest, counted.
 */
class RedisPublisherIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration SLOW = Duration.ofMillis(200);
    private static final int CAPACITY = 3;

    @Test
    void aFullQueueDropsTheOldestAndNeverWaitsForRedis() throws Exception {
        String channel = "publisher-it-" + UUID.randomUUID();
        List<String> heard = new CopyOnWriteArrayList<>();
        try (RedisProxy proxy = RedisProxy.toSharedRedis();
             RedisClients clients = new RedisClients(proxy.url(), "publisher-it");
             Listener listener = new Listener(channel, heard);
             RedisPublisher publisher = new RedisPublisher(clients, CAPACITY)) {
            publisher.send(new RedisPublisher.Message(channel, () -> "warm-up"));
            Await.until(WAIT, () -> heard.contains("warm-up"), "the warm-up message");
            proxy.delayReplies(SLOW);

            long start = System.nanoTime();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String m = "m" + i;
                sent.add(m);
                publisher.send(new RedisPublisher.Message(channel, () -> m));
            }
            long handOver = System.nanoTime() - start;

            assertTrue(handOver < SLOW.toNanos() / 2, "20 messages handed over in " + handOver / 1_000_000
                    + " ms, without waiting for Redis (" + SLOW.toMillis() + " ms a command)");
            Await.until(WAIT, () -> publisher.pending() == 0 && heard.contains("m19"), "the newest message published");
            List<String> published = heard.subList(1, heard.size());
            assertTrue(published.size() <= CAPACITY + 1, "at most the queue plus the one in flight went out: "
                    + published);
            assertEquals(sent.size() - published.size(), publisher.dropped(),
                    "every message not published was counted");
            assertEquals(sent.subList(sent.size() - CAPACITY, sent.size()),
                    published.subList(published.size() - CAPACITY, published.size()), "the newest ones, in order");
        }
    }

    /** A subscriber straight on Redis (not through the slow proxy) that records what arrives on one channel. */
    private static final class Listener implements AutoCloseable {
        private final Jedis jedis;
        private final JedisPubSub pubSub;
        private final Thread thread;

        Listener(String channel, List<String> heard) {
            URI redis = URI.create(RedisServer.shared().url());
            this.jedis = new Jedis(redis.getHost(), redis.getPort());
            this.pubSub = new JedisPubSub() {
                @Override
                public void onMessage(String c, String message) {
                    heard.add(message);
                }
            };
            this.thread = new Thread(() -> jedis.subscribe(pubSub, channel), "publisher-it-listener");
            thread.setDaemon(true);
            thread.start();
            Await.until(WAIT, pubSub::isSubscribed, "the listener subscribed");
        }

        @Override
        public void close() throws InterruptedException {
            pubSub.unsubscribe();
            thread.join(5_000);
            jedis.close();
        }
    }
}

package com.propertyhub.realtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.RedisServer;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.KeyedRateLimiter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits kept in a real Redis: one limit for every node, and when Redis is unreachable each node goes on
 * limiting by itself, so a request is limited or served but never fails because Redis is away.
 */
class RedisBucketStoreIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final String cluster = "bucket-it-" + UUID.randomUUID();
    private RedisServer redis;
    private RedisClients nodeA;
    private RedisClients nodeB;
    private KeyedRateLimiter limiterA;
    private KeyedRateLimiter limiterB;

    @BeforeEach
    void start() {
        redis = RedisServer.shared();
        redis.start();
        nodeA = new RedisClients(redis.url(), cluster);
        nodeB = new RedisClients(redis.url(), cluster);
        limiterA = limiter(nodeA);
        limiterB = limiter(nodeB);
    }

    private static KeyedRateLimiter limiter(RedisClients clients) {
        return new KeyedRateLimiter("test", 3, Duration.ofMinutes(1), "Slow down",
                new RedisBucketStore(clients, Duration.ofMinutes(1)));
    }

    @AfterEach
    void stop() {
        redis.start(); // whatever a test did to it, the next test class finds it running
        nodeA.close();
        nodeB.close();
    }

    @Test
    void oneLimitForAllNodes() {
        limiterA.acquire("alice");
        limiterB.acquire("alice");
        limiterA.acquire("alice");

        ApiException refused = assertThrows(ApiException.class, () -> limiterB.acquire("alice"));
        assertEquals(429, refused.status());
        limiterB.acquire("bob");
    }

    @Test
    void withRedisGoneEachNodeLimitsByItselfAndRejoinsWhenItIsBack() {
        redis.kill();

        for (int i = 0; i < 3; i++) {
            limiterA.acquire("carol"); // no Redis error reaches the caller
        }
        assertEquals(429, assertThrows(ApiException.class, () -> limiterA.acquire("carol")).status());
        limiterA.check("dave");
        limiterA.consume("dave");

        redis.start();
        byte[] key = nodeA.key("ratelimit:test:erin").getBytes(StandardCharsets.UTF_8);
        // Redis is tried again a moment after it failed: from then on the buckets live there again.
        Await.until(WAIT, () -> {
            limiterA.consume("erin");
            return nodeA.commands().exists(key);
        }, "the bucket of erin stored in Redis again");
    }
}

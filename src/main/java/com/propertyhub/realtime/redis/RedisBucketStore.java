package com.propertyhub.realtime.redis;

import com.propertyhub.web.BucketStore;
import com.propertyhub.web.LocalBucketStore;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limit buckets in Redis (Bucket4j's compare-and-swap proxy), so a limit holds across the cluster.
 * While Redis is unreachable each node falls back to its own buckets: limits stay, per node, and a request is
 * never refused because Redis is away (also when it goes away in the middle of the operation).
 */
public final class RedisBucketStore implements BucketStore {
    private static final Logger log = LoggerFactory.getLogger(RedisBucketStore.class);
    /** How long an unreachable Redis is left alone before a rate-limited request tries it again. */
    private static final Duration RETRY_REMOTE_AFTER = Duration.ofSeconds(1);

    private final RedisClients redis;
    private final ProxyManager<byte[]> proxies;
    private final BucketStore fallback;
    /** Whether the last operation fell back (so an outage is logged once, not on every request). */
    private volatile boolean fallingBack;
    /** While falling back, Redis is tried again from this System.nanoTime() on (not on every request). */
    private volatile long retryRemoteAt;

    public RedisBucketStore(RedisClients redis, Duration keepAfterRefill) {
        this.redis = redis;
        this.proxies = Bucket4jJedis.casBasedBuilder(redis.commands())
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        keepAfterRefill))
                .build();
        this.fallback = new LocalBucketStore(Duration.ofMinutes(30));
    }

    @Override
    public <T> T apply(String key, BucketConfiguration configuration, Function<Bucket, T> action) {
        if (fallingBack && System.nanoTime() - retryRemoteAt < 0) {
            return fallback.apply(key, configuration, action);
        }
        T result;
        try {
            result = action.apply(proxies.builder().build(bytes(key), () -> configuration));
        } catch (RuntimeException e) {
            retryRemoteAt = System.nanoTime() + RETRY_REMOTE_AFTER.toNanos();
            if (!fallingBack) {
                fallingBack = true;
                log.warn("Rate limits fall back to this node while Redis is unreachable: {}", e.toString());
            }
            return fallback.apply(key, configuration, action);
        }
        if (fallingBack) {
            fallingBack = false;
            log.info("Rate limits are cluster-wide again (Redis is reachable)");
        }
        return result;
    }

    @Override
    public void remove(String key) {
        fallback.remove(key);
        try {
            proxies.removeProxy(bytes(key));
        } catch (RuntimeException e) {
            log.debug("cannot reset rate limit {} in Redis: {}", key, e.toString());
        }
    }

    private byte[] bytes(String key) {
        return redis.key("ratelimit:" + key).getBytes(StandardCharsets.UTF_8);
    }
}

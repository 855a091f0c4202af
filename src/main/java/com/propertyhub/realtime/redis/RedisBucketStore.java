package com.propertyhub.realtime.redis;

import com.propertyhub.web.BucketStore;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limit buckets in Redis (Bucket4j's compare-and-swap proxy), so a limit holds across the cluster.
 * While Redis is unreachable each node falls back to its own buckets: limits stay, per node.
 */
public final class RedisBucketStore implements BucketStore {
    private static final Logger log = LoggerFactory.getLogger(RedisBucketStore.class);

    private final RedisClients redis;
    private final ProxyManager<byte[]> proxies;
    private final BucketStore fallback;

    public RedisBucketStore(RedisClients redis, Duration keepAfterRefill) {
        this.redis = redis;
        this.proxies = Bucket4jJedis.casBasedBuilder(redis.commands())
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keepAfterRefill))
                .build();
        this.fallback = BucketStore.local(Duration.ofMinutes(30));
    }

    @Override
    public Bucket bucket(String key, BucketConfiguration configuration) {
        Bucket remote = proxies.builder().build(bytes(key), () -> configuration);
        try {
            remote.getAvailableTokens();
            return remote;
        } catch (RuntimeException e) {
            log.warn("Rate limits fall back to this node while Redis is unreachable: {}", e.toString());
            return fallback.bucket(key, configuration);
        }
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

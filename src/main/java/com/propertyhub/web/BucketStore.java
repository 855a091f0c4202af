package com.propertyhub.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.function.Function;

/**
 * Where rate-limit buckets live: in this node's memory, or (in a cluster) in Redis so that a limit holds
 * across all nodes.
 */
public interface BucketStore {

    /**
     * Runs {@code action} (one bucket operation, such as taking a token) on the bucket for {@code key}, created
     * with {@code configuration} when new, and returns its result. A store whose buckets live elsewhere may run
     * it on a bucket of its own when that place cannot be reached.
     */
    <T> T apply(String key, BucketConfiguration configuration, Function<Bucket, T> action);

    void remove(String key);

    /** Buckets in this node's memory; those of keys quiet for {@code forget} are dropped. */
    static BucketStore local(Duration forget) {
        Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(forget).maximumSize(200_000).build();
        return new BucketStore() {
            @Override
            public <T> T apply(String key, BucketConfiguration configuration, Function<Bucket, T> action) {
                return action.apply(buckets.get(key, k -> {
                    var builder = Bucket.builder();
                    for (Bandwidth limit : configuration.getBandwidths()) {
                        builder.addLimit(limit);
                    }
                    return builder.build();
                }));
            }

            @Override
            public void remove(String key) {
                buckets.invalidate(key);
            }
        };
    }
}

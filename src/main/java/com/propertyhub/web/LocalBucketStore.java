package com.propertyhub.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.function.Function;

/** Buckets in this node's memory; those of keys quiet for {@code forget} are dropped. */
public final class LocalBucketStore implements BucketStore {
    private final Cache<String, Bucket> buckets;

    public LocalBucketStore(Duration forget) {
        this.buckets = Caffeine.newBuilder().expireAfterAccess(forget).maximumSize(200_000).build();
    }

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
}

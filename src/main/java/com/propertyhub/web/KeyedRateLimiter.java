package com.propertyhub.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * Token buckets (Bucket4j) per key, such as an email or a client address: {@code capacity} actions per
 * {@code window}, refilled gradually. Buckets of keys that have gone quiet are forgotten.
 */
public final class KeyedRateLimiter {
    private final long capacity;
    private final Duration window;
    private final String message;
    private final Cache<String, Bucket> buckets;

    public KeyedRateLimiter(long capacity, Duration window, String message) {
        this.capacity = capacity;
        this.window = window;
        this.message = message;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(window.multipliedBy(2)).maximumSize(200_000).build();
    }

    /** Takes one token for {@code key}, or throws 429 with {@code Retry-After} when none is left. */
    public void acquire(String key) {
        ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw limited(probe.getNanosToWaitForRefill());
        }
    }

    /** Throws 429 if {@code key} has no token left, without taking one. */
    public void check(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket != null && bucket.getAvailableTokens() < 1) {
            throw limited(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
        }
    }

    /** Takes one token if there is one; never throws. */
    public void consume(String key) {
        bucket(key).tryConsume(1);
    }

    public void reset(String key) {
        buckets.invalidate(key);
    }

    private Bucket bucket(String key) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, window))
                .build());
    }

    private ApiException limited(long nanosToWait) {
        long seconds = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
        return ApiException.tooManyRequests(message, Duration.ofSeconds(seconds));
    }
}

package com.propertyhub.web;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * Token buckets (Bucket4j) per key, such as an email or a client address: bursts of up to {@code capacity}
 * actions, refilled gradually by {@code refill} per {@code window}. The buckets live in a {@link BucketStore}
 * (memory, or Redis for a cluster-wide limit). Each operation is one atomic bucket operation on that store, so
 * parallel requests can never take more tokens than there are.
 */
public final class KeyedRateLimiter {
    private final String name;
    private final BucketConfiguration configuration;
    private final String message;
    private final BucketStore store;

    /** {@code capacity} actions per {@code window}. */
    public KeyedRateLimiter(String name, long capacity, Duration window, String message, BucketStore store) {
        this(name, capacity, capacity, window, message, store);
    }

    /** Bursts of {@code capacity} actions, then {@code refill} per {@code window}. */
    public KeyedRateLimiter(String name, long capacity, long refill, Duration window, String message,
            BucketStore store) {
        this.name = name;
        this.configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(refill, window))
                .build();
        this.message = message;
        this.store = store;
    }

    /** Takes one token for {@code key}, or throws 429 with {@code Retry-After} when none is left. */
    public void acquire(String key) {
        ConsumptionProbe probe = store.apply(storeKey(key), configuration, b -> b.tryConsumeAndReturnRemaining(1));
        if (!probe.isConsumed()) {
            throw limited(probe.getNanosToWaitForRefill());
        }
    }

    /**
     * Throws 429 if {@code key} has no token left, without taking one. With {@link #consume} afterwards this is
     * not atomic: parallel requests may all pass the check. Use it only where a few extra passes cost nothing;
     * to bound an expensive or guessable action, {@link #acquire} before it.
     */
    public void check(String key) {
        // The wait until a token is back, or -1 while there is one.
        long wait = store.apply(storeKey(key), configuration, b -> b.getAvailableTokens() < 1
                ? b.estimateAbilityToConsume(1).getNanosToWaitForRefill() : -1L);
        if (wait >= 0) {
            throw limited(wait);
        }
    }

    /** Takes one token if there is one; never throws. */
    public void consume(String key) {
        store.apply(storeKey(key), configuration, b -> b.tryConsume(1));
    }

    public void reset(String key) {
        store.remove(storeKey(key));
    }

    private String storeKey(String key) {
        return name + ":" + key;
    }

    private ApiException limited(long nanosToWait) {
        long seconds = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
        return ApiException.tooManyRequests(message, Duration.ofSeconds(seconds));
    }
}

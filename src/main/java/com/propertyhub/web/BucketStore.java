package com.propertyhub.web;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.util.function.Function;

/**
 * Where rate-limit buckets live: in this node's memory ({@link LocalBucketStore}), or (in a cluster) in Redis so
 * that a limit holds across all nodes.
 */
public interface BucketStore {

    /**
     * Runs {@code action} (one bucket operation, such as taking a token) on the bucket for {@code key}, created
     * with {@code configuration} when new, and returns its result. A store whose buckets live elsewhere may run
     * it on a bucket of its own when that place cannot be reached.
     */
    <T> T apply(String key, BucketConfiguration configuration, Function<Bucket, T> action);

    void remove(String key);
}

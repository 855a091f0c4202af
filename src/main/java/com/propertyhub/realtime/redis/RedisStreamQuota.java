package com.propertyhub.realtime.redis;

import com.propertyhub.realtime.StreamCounts;
import com.propertyhub.realtime.StreamQuota;
import com.propertyhub.threads.DaemonThreads;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;

/**
 * Per-user stream counts shared through Redis: one hash per user, one field per node holding
 * {@code count|reportedAtMillis}. Nodes refresh their fields every {@link #REFRESH}; fields older than
 * {@link #STALE} (a node that died) are ignored and the hash expires when nobody refreshes it. While Redis
 * is unreachable the limit falls back to this node's own count.
 */
public final class RedisStreamQuota implements StreamQuota {
    private static final Logger log = LoggerFactory.getLogger(RedisStreamQuota.class);
    private static final Duration REFRESH = Duration.ofSeconds(2);
    private static final Duration STALE = Duration.ofSeconds(6);
    private static final Duration EXPIRE = Duration.ofSeconds(10);

    private final RedisClients redis;
    private final String nodeId;
    private final StreamCounts counts;
    private final ScheduledExecutorService timer;

    /** Starts refreshing this node's counts, read from {@code counts}, every {@link #REFRESH}. */
    public RedisStreamQuota(RedisClients redis, String nodeId, StreamCounts counts) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.counts = counts;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("redis-stream-quota"));
        timer.scheduleWithFixedDelay(this::refreshAll, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int elsewhere(UUID user) {
        try {
            long now = System.currentTimeMillis();
            int total = 0;
            for (Map.Entry<String, String> field : redis.commands().hgetAll(key(user)).entrySet()) {
                if (field.getKey().equals(nodeId)) {
                    continue;
                }
                String[] parts = field.getValue().split("\\|");
                if (parts.length == 2 && now - Long.parseLong(parts[1]) < STALE.toMillis()) {
                    total += Integer.parseInt(parts[0]);
                }
            }
            return total;
        } catch (RuntimeException e) {
            log.debug("cannot read stream counts from Redis: {}", e.toString());
            return 0;
        }
    }

    @Override
    public void changed(UUID user, int streamsHere) {
        try {
            write(user, streamsHere);
        } catch (RuntimeException e) {
            log.debug("cannot report stream counts to Redis: {}", e.toString());
        }
    }

    private void write(UUID user, int streamsHere) {
        if (streamsHere <= 0) {
            redis.commands().hdel(key(user), nodeId);
        } else {
            redis.commands().hset(key(user), nodeId, streamsHere + "|" + System.currentTimeMillis());
            redis.commands().pexpire(key(user), EXPIRE.toMillis());
        }
    }

    private void refreshAll() {
        Map<UUID, Integer> perUser = counts.streamsPerUser();
        if (perUser.isEmpty()) {
            return;
        }
        String stamp = "|" + System.currentTimeMillis();
        try (AbstractPipeline pipeline = redis.commands().pipelined()) {
            perUser.forEach((user, n) -> {
                pipeline.hset(key(user), nodeId, n + stamp);
                pipeline.pexpire(key(user), EXPIRE.toMillis());
            });
            pipeline.sync();
        } catch (RuntimeException e) {
            log.debug("cannot refresh stream counts in Redis: {}", e.toString());
        }
    }

    private String key(UUID user) {
        return redis.key("streams:" + user);
    }

    @Override
    public void close() {
        DaemonThreads.stop(timer);
    }
}

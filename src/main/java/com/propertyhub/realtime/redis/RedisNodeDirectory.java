package com.propertyhub.realtime.redis;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.realtime.NodeDirectory;
import com.propertyhub.threads.DaemonThreads;
import com.propertyhub.web.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Every node writes its figures to Redis under a key that expires unless refreshed, so the cluster's stats
 * list the live nodes and a node that died drops out within {@link #TTL}.
 */
public final class RedisNodeDirectory implements NodeDirectory {
    private static final Logger log = LoggerFactory.getLogger(RedisNodeDirectory.class);
    static final Duration REPORT_EVERY = Duration.ofSeconds(1);
    static final Duration TTL = Duration.ofSeconds(4);

    private final RedisClients redis;
    private final String nodeId;
    private final Supplier<Map<String, Object>> localStats;
    private final ObjectMapper json;
    private final ScheduledExecutorService timer;

    /** @param localStats this node's figures ({@code RealtimeHub.localStats}), reported under {@code nodeId} */
    public RedisNodeDirectory(RedisClients redis, String nodeId, Supplier<Map<String, Object>> localStats,
                              ObjectMapper json) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.localStats = localStats;
        this.json = json;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("redis-node-report"));
        timer.scheduleWithFixedDelay(this::report, 0, REPORT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report() {
        try {
            redis.commands().set(redis.key("node:" + nodeId), Json.write(json, localStats.get()),
                    SetParams.setParams().px(TTL.toMillis()));
        } catch (RuntimeException e) {
            log.debug("cannot report node figures to Redis: {}", e.toString());
        }
    }

    /** This node's own figures are always fresh; the others' are at most {@link #REPORT_EVERY} old. */
    @Override
    public List<Map<String, Object>> nodes() {
        List<Map<String, Object>> nodes = new ArrayList<>();
        nodes.add(localStats.get());
        try {
            List<String> keys = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.commands().scan(cursor, new ScanParams().match(redis.key("node:*"))
                        .count(500));
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
            keys.remove(redis.key("node:" + nodeId));
            if (!keys.isEmpty()) {
                for (String value : redis.commands().mget(keys.toArray(String[]::new))) {
                    if (value != null) {
                        nodes.add(json.readValue(value, new TypeReference<Map<String, Object>>() { }));
                    }
                }
            }
        } catch (RuntimeException | java.io.IOException e) {
            log.debug("cannot read other nodes' figures from Redis: {}", e.toString());
        }
        return nodes;
    }

    @Override
    public void close() {
        DaemonThreads.stop(timer);
        try {
            redis.commands().del(redis.key("node:" + nodeId));
        } catch (RuntimeException ignored) {
            // it expires by itself
        }
    }
}

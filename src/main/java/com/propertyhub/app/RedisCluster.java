package com.propertyhub.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.persistence.ClusterIdentity;
import com.propertyhub.presence.OnlineUsers;
import com.propertyhub.presence.RedisOnlineUsers;
import com.propertyhub.realtime.Delivery;
import com.propertyhub.realtime.EventBus;
import com.propertyhub.realtime.NodeDirectory;
import com.propertyhub.realtime.StreamCounts;
import com.propertyhub.realtime.StreamQuota;
import com.propertyhub.realtime.TicketStore;
import com.propertyhub.realtime.TransientEvent;
import com.propertyhub.realtime.redis.RedisBucketStore;
import com.propertyhub.realtime.redis.RedisClients;
import com.propertyhub.realtime.redis.RedisEventBus;
import com.propertyhub.realtime.redis.RedisNodeDirectory;
import com.propertyhub.realtime.redis.RedisStreamQuota;
import com.propertyhub.realtime.redis.RedisTicketStore;
import com.propertyhub.web.BucketStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Nodes that share rate limits, tickets, stream counts, the online users and their events through Redis. */
final class RedisCluster implements Topology {
    private final AppConfig config;
    private final String nodeId;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final RedisClients redis;

    /** Connects to {@code REDIS_URL}, under the key prefix of the cluster that {@code database} belongs to. */
    RedisCluster(AppConfig config, String nodeId, DataSource database, ObjectMapper json, MeterRegistry meters) {
        this.config = config;
        this.nodeId = nodeId;
        this.json = json;
        this.meters = meters;
        this.redis = new RedisClients(config.redisUrl(), ClusterIdentity.load(database));
    }

    @Override
    public BucketStore rateLimits() {
        return new RedisBucketStore(redis, config.loginFailureWindow());
    }

    @Override
    public TicketStore tickets() {
        return new RedisTicketStore(redis, config.streamTicketTtl(), json);
    }

    @Override
    public StreamQuota streamQuota(StreamCounts here) {
        return new RedisStreamQuota(redis, nodeId, here);
    }

    @Override
    public OnlineUsers onlineUsers() {
        return new RedisOnlineUsers(redis, json);
    }

    /** The Redis bus, with its meters. */
    @Override
    public EventBus bus(Delivery delivery, Consumer<TransientEvent> transients) {
        RedisEventBus bus = new RedisEventBus(redis, delivery, transients, json, nodeId, config.redisCanaryInterval());
        FunctionCounter.builder("propertyhub_redis_reconnects", bus, b -> Math.max(0, b.subscriptions() - 1))
                .description("Times the Redis subscriber had to reconnect").register(meters);
        Gauge.builder("propertyhub_redis_degraded", bus, b -> b.link() == EventBus.Link.DEGRADED ? 1 : 0)
                .description("1 while this node's Redis subscriber does not hear its canary, else 0")
                .register(meters);
        FunctionCounter.builder("propertyhub_redis_degraded_episodes", bus, RedisEventBus::degradedEpisodes)
                .description("Times the Redis subscriber was found deaf to this node's canary").register(meters);
        FunctionCounter.builder("propertyhub_redis_publishes_dropped", bus, RedisEventBus::publishesDropped)
                .description("Publishes dropped because the publish queue was full (peers read them from the log)")
                .register(meters);
        Gauge.builder("propertyhub_redis_publishes_pending", bus, RedisEventBus::publishesPending)
                .description("Publishes waiting for the Redis publisher thread").register(meters);
        return bus;
    }

    @Override
    public NodeDirectory nodes(Supplier<Map<String, Object>> localStats) {
        return new RedisNodeDirectory(redis, nodeId, localStats, json);
    }

    @Override
    public String describe() {
        return "Redis cluster bus";
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public void close() {
        redis.close();
    }
}

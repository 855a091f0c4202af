package com.propertyhub.realtime.redis;

import java.net.URI;
import java.net.URISyntaxException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Connections to the Redis named by {@code REDIS_URL} ({@code redis://[user:password@]host:port[/db]}, or
 * {@code rediss://} for TLS): a pool for commands, and dedicated connections for subscribing.
 */
public final class RedisClients implements AutoCloseable {
    /** Commands fail fast, so a Redis outage never stalls a request for long. */
    private static final int TIMEOUT_MILLIS = 2_000;

    private final HostAndPort address;
    private final JedisClientConfig commandConfig;
    private final JedisClientConfig subscriberConfig;
    private final JedisPooled pool;
    private final String namespace;

    /** @param clusterId names this deployment's channel and keys (see {@code ClusterIdentity}) */
    public RedisClients(String url, String clusterId) {
        this.namespace = "propertyhub:" + clusterId + ":";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("REDIS_URL is not a valid URL");
        }
        if (!JedisURIHelper.isValid(uri)) {
            throw new IllegalArgumentException("REDIS_URL must look like redis://host:port or rediss://host:port");
        }
        this.address = JedisURIHelper.getHostAndPort(uri);
        this.commandConfig = config(uri, TIMEOUT_MILLIS);
        // A subscriber blocks reading for as long as no message comes; liveness is checked with canaries instead
        // (RedisEventBus).
        this.subscriberConfig = config(uri, 0);
        this.pool = new JedisPooled(address, commandConfig);
    }

    private static JedisClientConfig config(URI uri, int socketTimeout) {
        return DefaultJedisClientConfig.builder()
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri))
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(socketTimeout)
                .clientName("propertyhub")
                .build();
    }

    public JedisPooled commands() {
        return pool;
    }

    /** A new connection of its own, for a subscriber. */
    public Jedis newSubscriberConnection() {
        return new Jedis(address, subscriberConfig);
    }

    /** A channel or key name of this deployment's. */
    public String key(String name) {
        return namespace + name;
    }

    public String describe() {
        return address.toString();
    }

    @Override
    public void close() {
        pool.close();
    }
}

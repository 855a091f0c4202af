package com.propertyhub.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nodes that share one fresh PostgreSQL database and the shared Redis, as a cluster behind a load balancer
 * would; and the streams tests open on them. Closing it closes both.
 *
 * <p>Its nodes check the log for missed events only every {@link #CATCHUP_INTERVAL} (production: every second), so
 * events from another node reach their streams through Redis or not at all within a test: a broken bus fails the
 * test instead of hiding behind the log's safety net. A test about the safety net sets
 * {@code EVENT_CATCHUP_INTERVAL} itself.
 */
public final class TestCluster implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(15);
    public static final String CATCHUP_INTERVAL = "10m";

    private final Map<String, String> settings;
    private final List<TestNode> nodes = new ArrayList<>();
    private final List<SseClient> streams = new ArrayList<>();
    private final List<NodeProcess> processes = new ArrayList<>();

    /** @param extra settings for every node on top of a fresh database and the (re)started shared Redis */
    public TestCluster(Map<String, String> extra) {
        RedisServer redis = RedisServer.shared();
        if (!redis.isRunning()) {
            redis.start();
        }
        settings = new HashMap<>(TestNode.freshDatabaseSettings());
        settings.put("REDIS_URL", redis.url());
        settings.put("EVENT_CATCHUP_INTERVAL", CATCHUP_INTERVAL);
        settings.putAll(extra);
    }

    /** Starts a node named {@code nodeId} and waits until it is subscribed to Redis. */
    public TestNode start(String nodeId) {
        return start(nodeId, Map.of());
    }

    /**
     * Starts a node named {@code nodeId} with {@code overrides} on top of the cluster's settings (its own REDIS_URL…).
     */
    public TestNode start(String nodeId, Map<String, String> overrides) {
        Map<String, String> own = new HashMap<>(settings);
        own.putAll(overrides);
        own.put("NODE_ID", nodeId);
        TestNode node = TestNode.start(own);
        nodes.add(node);
        Await.until(WAIT, () -> node.api().get("/health").json().path("redis").asText().equals("up"),
                nodeId + " subscribed to Redis");
        return node;
    }

    /**
     * Starts a node named {@code nodeId} in a JVM of its own, with the same settings (so it can be killed for
     * real), and waits until it is subscribed to Redis.
     */
    public NodeProcess startProcess(String nodeId) {
        NodeProcess node = NodeProcess.start(nodeId, settings);
        processes.add(node);
        Await.until(WAIT, () -> node.api().get("/health").json().path("redis").asText().equals("up"),
                nodeId + " subscribed to Redis");
        return node;
    }

    /** Opens a stream on {@code node} with {@code token} and waits for its {@code ready}; closed with the cluster. */
    public SseClient open(TestNode node, String token) {
        return open(node.baseUrl(), token);
    }

    /** {@link #open(TestNode, String)} on a node in a JVM of its own. */
    public SseClient open(NodeProcess node, String token) {
        return open(node.baseUrl(), token);
    }

    private SseClient open(String baseUrl, String token) {
        SseClient stream = SseClient.open(baseUrl + "/api/events", token, null);
        streams.add(stream);
        if (stream.status() != 200) {
            throw new AssertionError("stream refused on " + baseUrl + ": " + stream.status());
        }
        stream.await("ready", WAIT);
        return stream;
    }

    /** Keeps {@code stream} to be closed with the cluster. */
    public SseClient track(SseClient stream) {
        streams.add(stream);
        return stream;
    }

    @Override
    public void close() {
        streams.forEach(SseClient::close);
        nodes.forEach(TestNode::close);
        processes.forEach(NodeProcess::close);
    }
}

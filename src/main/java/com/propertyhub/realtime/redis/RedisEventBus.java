package com.propertyhub.realtime.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.propertyhub.realtime.DaemonThreads;
import com.propertyhub.realtime.Event;
import com.propertyhub.realtime.EventBus;
import com.propertyhub.realtime.EventSequencer;
import com.propertyhub.realtime.TransientEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The cluster bus: every node publishes its committed events once to a Redis channel, and a subscriber on
 * every node hands peers' events to its own {@link EventSequencer} (which keeps them in id order and drops
 * what it already delivered, so nothing arrives twice).
 *
 * <p>Redis is only the fast path. The event log stays the truth: when the subscriber loses Redis it keeps
 * reconnecting with backoff, and each time it is subscribed again it has the sequencer catch up from the log,
 * so events committed elsewhere during the outage still arrive, in order, once. Nothing is buffered while Redis
 * is away, so nothing piles up. A PING on the subscription every few seconds notices a silent (half-open)
 * connection, the usual cause of subscribers that "die silently" after a Redis restart.
 */
public final class RedisEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);
    private static final Duration PING_EVERY = Duration.ofSeconds(2);
    private static final Duration DEAD_AFTER = Duration.ofSeconds(6);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final RedisClients redis;
    private final EventSequencer sequencer;
    private final ObjectMapper json;
    private final String nodeId;
    private final String channel;
    /** Transient signals (typing indicators…): a channel of their own, so they never meet the sequencer. */
    private final String transientChannel;
    private volatile Consumer<TransientEvent> transientSink = e -> { };
    private final Thread subscriberThread;
    private final Thread watchdogThread;
    private final AtomicLong lastPong = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean subscribed;
    private volatile Jedis connection;
    private volatile Subscriber subscriber;

    public RedisEventBus(RedisClients redis, EventSequencer sequencer, ObjectMapper json, String nodeId) {
        this.redis = redis;
        this.sequencer = sequencer;
        this.json = json;
        this.nodeId = nodeId;
        this.channel = redis.key("events");
        this.transientChannel = redis.key("transient");
        this.subscriberThread = DaemonThreads.named("redis-subscriber").newThread(this::subscribeLoop);
        this.watchdogThread = DaemonThreads.named("redis-watchdog").newThread(this::watchdogLoop);
        subscriberThread.start();
        watchdogThread.start();
    }

    @Override
    public void publish(List<Event> events) {
        sequencer.accept(events);
        try {
            redis.commands().publish(channel, encode(events));
            publishFailures.set(0);
        } catch (RuntimeException e) {
            // Peers catch up from the log; say so once per outage rather than once per event.
            if (publishFailures.getAndIncrement() == 0) {
                log.warn("Cannot publish to Redis ({}); other nodes will catch up from the event log", e.toString());
            }
        }
    }

    /** Where transient signals from other nodes go (this node's streams). */
    public void deliverTransientTo(Consumer<TransientEvent> sink) {
        this.transientSink = sink;
    }

    /**
     * Fans a transient signal out to the other nodes. Best effort by design: a signal lost while Redis is away
     * is simply not shown (the log is not involved, so there is nothing to catch up).
     */
    public void publishTransient(TransientEvent event) {
        ObjectNode message = json.createObjectNode();
        message.put("origin", nodeId);
        message.put("room", event.room());
        message.put("name", event.name());
        message.put("data", event.data());
        try {
            redis.commands().publish(transientChannel, message.toString());
        } catch (RuntimeException e) {
            log.debug("Cannot publish a transient signal to Redis: {}", e.toString());
        }
    }

    @Override
    public boolean connected() {
        return subscribed;
    }

    /** Times the subscriber has (re)subscribed; for metrics and tests. */
    public long subscriptions() {
        return subscriptions.get();
    }

    private void subscribeLoop() {
        long backoff = 100;
        while (running) {
            try (Jedis jedis = redis.newSubscriberConnection()) {
                connection = jedis;
                Subscriber s = new Subscriber();
                subscriber = s;
                jedis.subscribe(s, channel, transientChannel);
                backoff = 100;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (subscribed || backoff == 100) {
                    log.warn("Redis subscriber lost its connection to {} ({}); reconnecting", redis.describe(), e.toString());
                }
            } finally {
                subscribed = false;
                subscriber = null;
                connection = null;
            }
            if (!running) {
                break;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
    }

    /** Pings the subscription; a connection that stops answering is dropped so the loop reconnects. */
    private void watchdogLoop() {
        while (running) {
            try {
                Thread.sleep(PING_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Subscriber s = subscriber;
            Jedis c = connection;
            if (s == null || c == null || !subscribed) {
                continue;
            }
            try {
                s.ping();
            } catch (RuntimeException e) {
                c.disconnect();
                continue;
            }
            if (System.currentTimeMillis() - lastPong.get() > DEAD_AFTER.toMillis()) {
                log.warn("Redis subscription stopped answering; reconnecting");
                c.disconnect();
            }
        }
    }

    private final class Subscriber extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int count) {
            if (!RedisEventBus.this.channel.equals(channel)) {
                return;
            }
            lastPong.set(System.currentTimeMillis());
            subscribed = true;
            long n = subscriptions.incrementAndGet();
            if (n > 1) {
                log.info("Redis subscriber reconnected to {}; catching up from the event log", redis.describe());
            }
            // Whatever peers committed while we were not subscribed comes from the log.
            sequencer.catchUp();
        }

        @Override
        public void onPong(String pattern) {
            lastPong.set(System.currentTimeMillis());
        }

        @Override
        public void onMessage(String channel, String message) {
            lastPong.set(System.currentTimeMillis());
            if (transientChannel.equals(channel)) {
                onTransient(message);
                return;
            }
            try {
                List<Event> events = decode(message);
                if (!events.isEmpty()) {
                    sequencer.accept(events);
                }
            } catch (RuntimeException e) {
                log.warn("Ignoring a malformed message on {}: {}", channel, e.toString());
            }
        }
    }

    private void onTransient(String message) {
        try {
            JsonNode root = json.readTree(message);
            if (nodeId.equals(root.path("origin").asText())) {
                return;
            }
            transientSink.accept(new TransientEvent(root.get("room").asText(), root.get("name").asText(),
                    root.get("data").asText()));
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("Ignoring a malformed transient message: {}", e.toString());
        }
    }

    private String encode(List<Event> events) {
        ObjectNode message = json.createObjectNode();
        message.put("origin", nodeId);
        ArrayNode list = message.putArray("events");
        for (Event e : events) {
            list.addObject()
                    .put("id", e.id())
                    .put("room", e.room())
                    .put("name", e.name())
                    .put("data", e.data())
                    .put("createdAt", e.createdAt().toString());
        }
        return message.toString();
    }

    private List<Event> decode(String message) {
        JsonNode root;
        try {
            root = json.readTree(message);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (nodeId.equals(root.path("origin").asText())) {
            return List.of();
        }
        List<Event> events = new ArrayList<>();
        for (JsonNode e : root.path("events")) {
            events.add(new Event(e.get("id").asLong(), e.get("room").asText(), e.get("name").asText(),
                    e.get("data").asText(), Instant.parse(e.get("createdAt").asText())));
        }
        return events;
    }

    @Override
    public void close() {
        running = false;
        Subscriber s = subscriber;
        if (s != null && s.isSubscribed()) {
            try {
                s.unsubscribe();
            } catch (RuntimeException ignored) {
                // connection already gone
            }
        }
        Jedis c = connection;
        if (c != null) {
            c.disconnect();
        }
        subscriberThread.interrupt();
        watchdogThread.interrupt();
        try {
            subscriberThread.join(2_000);
            watchdogThread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package com.propertyhub.realtime.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.propertyhub.realtime.Delivery;
import com.propertyhub.realtime.Event;
import com.propertyhub.realtime.EventBus;
import com.propertyhub.realtime.TransientEvent;
import com.propertyhub.threads.DaemonThreads;
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
 * every node hands peers' events to its own {@link Delivery} (the sequencer, which keeps them in id order and
 * drops what it already delivered, so nothing arrives twice).
 *
 * <p>Redis is only the fast path. The event log stays the truth: when the subscriber loses Redis it keeps
 * reconnecting with backoff, and each time it is subscribed again it has the sequencer catch up from the log,
 * so events committed elsewhere during the outage still arrive, in order, once. Publishing runs on a background
 * thread from a bounded queue ({@link RedisPublisher}), so a slow Redis never slows the write that committed.
 *
 * <p>The subscriber checks itself end to end: every {@code canaryInterval} the node publishes a canary on its own
 * channel and expects to hear it back. A subscriber that stops hearing the channel while publishes still succeed
 * (a half-open connection after a failover, a wedged subscription: the way cluster buses usually "die silently")
 * is noticed within {@link #DEGRADED_AFTER_CANARIES} intervals: the node reports the bus {@code degraded}, logs it
 * once, catches up from the log and subscribes again on a new connection; it is {@code up} again once a canary
 * comes back.
 */
public final class RedisEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);
    /** Canary intervals without hearing one back before the subscriber counts as deaf. */
    public static final int DEGRADED_AFTER_CANARIES = 3;
    /**
     * Messages waiting for the publisher thread; beyond this the oldest is dropped (see {@link RedisPublisher}).
     * Bounds what a slow or absent Redis can pin to a thousand writes' events (about 1 MiB of typical ones).
     */
    static final int PUBLISH_QUEUE = 1_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final RedisClients redis;
    private final Delivery delivery;
    private final ObjectMapper json;
    private final String nodeId;
    private final String channel;
    /** Transient signals (typing indicators…): a channel of their own, so they never meet the sequencer. */
    private final String transientChannel;
    /** Where transient signals go on this node (its streams): this node's own and its peers'. */
    private final Consumer<TransientEvent> transientSink;
    private final RedisPublisher publisher;
    private final Duration canaryInterval;
    private final Thread subscriberThread;
    private final Thread canaryThread;
    /** When this node last heard its own canary (or subscribed), in {@link System#nanoTime()}. */
    private final AtomicLong lastHeard = new AtomicLong();
    private final AtomicLong canariesSent = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private final AtomicLong degradedEpisodes = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean subscribed;
    private volatile boolean degraded;
    /** Set while the canary loop drops the subscriber connection on purpose (so the loop does not warn). */
    private volatile boolean dropping;
    private volatile Jedis connection;
    private volatile Subscriber subscriber;

    public RedisEventBus(RedisClients redis, Delivery delivery, Consumer<TransientEvent> transientSink,
                         ObjectMapper json, String nodeId, Duration canaryInterval) {
        this.redis = redis;
        this.transientSink = transientSink;
        this.canaryInterval = canaryInterval;
        this.publisher = new RedisPublisher(redis, PUBLISH_QUEUE);
        this.delivery = delivery;
        this.json = json;
        this.nodeId = nodeId;
        this.channel = redis.key("events");
        this.transientChannel = redis.key("transient");
        this.subscriberThread = DaemonThreads.named("redis-subscriber").newThread(this::subscribeLoop);
        this.canaryThread = DaemonThreads.named("redis-canary").newThread(this::canaryLoop);
        subscriberThread.start();
        canaryThread.start();
    }

    @Override
    public void publish(List<Event> events) {
        delivery.accept(events);
        publisher.send(new RedisPublisher.Message(channel, () -> encode(events)));
    }

    /**
     * Delivers a transient signal here and fans it out to the other nodes. Best effort by design: a signal lost
     * while Redis is away is simply not shown (the log is not involved, so there is nothing to catch up).
     */
    @Override
    public void publishTransient(TransientEvent event) {
        transientSink.accept(event);
        ObjectNode message = json.createObjectNode();
        message.put("origin", nodeId);
        message.put("room", event.room());
        message.put("name", event.name());
        message.put("data", event.data());
        publisher.send(new RedisPublisher.Message(transientChannel, message::toString));
    }

    /**
     * {@code DEGRADED} from the moment the subscriber is found deaf until it hears its canary again, also while it
     * subscribes anew; otherwise {@code UP} while subscribed, {@code DOWN} while not.
     */
    @Override
    public Link link() {
        return degraded ? Link.DEGRADED : subscribed ? Link.UP : Link.DOWN;
    }

    /** Times the subscriber was found deaf to its own canary (a counter). */
    public long degradedEpisodes() {
        return degradedEpisodes.get();
    }

    /** Publishes dropped because the publish queue was full (a counter). */
    public long publishesDropped() {
        return publisher.dropped();
    }

    /** Publishes waiting for the publisher thread. */
    public int publishesPending() {
        return publisher.pending();
    }

    /** Times the subscriber has (re)subscribed; for metrics and tests. */
    public long subscriptions() {
        return subscriptions.get();
    }

    private void subscribeLoop() {
        long backoff = 100;
        while (running) {
            try (Jedis jedis = redis.newSubscriberConnection()) {
                // The subscription's first window: confirmed by onSubscribe, else dropped by the canary loop.
                lastHeard.set(System.nanoTime());
                connection = jedis;
                Subscriber s = new Subscriber();
                subscriber = s;
                jedis.subscribe(s, channel, transientChannel);
                backoff = 100;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (dropping) {
                    log.debug("Redis subscriber connection dropped for a new subscription");
                } else if (subscribed || backoff == 100) {
                    log.warn("Redis subscriber lost its connection to {} ({}); reconnecting", redis.describe(),
                            e.toString());
                }
            } finally {
                dropping = false;
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

    /**
     * Every canary interval: publishes a canary on this node's channel, then checks when one was last heard back.
     * Deaf for {@link #DEGRADED_AFTER_CANARIES} intervals: degraded (logged once per episode), catch up from the log,
     * and drop the subscriber connection so the loop subscribes again on a new one (again every few intervals
     * while it stays deaf).
     */
    private void canaryLoop() {
        long bound = canaryInterval.toNanos() * DEGRADED_AFTER_CANARIES;
        while (running) {
            try {
                Thread.sleep(canaryInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Jedis c = connection;
            if (c == null) {
                continue;
            }
            long silent = System.nanoTime() - lastHeard.get();
            if (!subscribed) {
                if (silent > bound) {
                    // Connected but Redis never confirmed the subscription: try again on a new connection.
                    drop(c);
                }
                continue;
            }
            if (silent > bound) {
                if (!degraded) {
                    degraded = true;
                    degradedEpisodes.incrementAndGet();
                    log.warn("Redis subscriber has not heard this node's canary for {} ms although it is subscribed; "
                            + "reporting the bus degraded, catching up from the event log and subscribing again",
                            silent / 1_000_000);
                } else {
                    log.debug("Redis subscriber still deaf after {} ms; subscribing again", silent / 1_000_000);
                }
                delivery.catchUp();
                drop(c);
                continue;
            }
            long n = canariesSent.incrementAndGet();
            publisher.send(new RedisPublisher.Message(channel, () -> canary(n)));
        }
    }

    private void drop(Jedis c) {
        dropping = true;
        c.disconnect();
    }

    private String canary(long n) {
        ObjectNode message = json.createObjectNode();
        message.put("origin", nodeId);
        message.put("canary", n);
        return message.toString();
    }

    private void heardCanary() {
        lastHeard.set(System.nanoTime());
        if (degraded) {
            degraded = false;
            log.info("Redis subscriber hears this node's canary again; the bus is up");
        }
    }

    private final class Subscriber extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int count) {
            if (!RedisEventBus.this.channel.equals(channel)) {
                return;
            }
            lastHeard.set(System.nanoTime());
            subscribed = true;
            long n = subscriptions.incrementAndGet();
            if (n > 1 && !degraded) {
                log.info("Redis subscriber reconnected to {}; catching up from the event log", redis.describe());
            }
            // Whatever peers committed while we were not subscribed comes from the log.
            delivery.catchUp();
        }

        @Override
        public void onMessage(String channel, String message) {
            if (transientChannel.equals(channel)) {
                onTransient(message);
                return;
            }
            try {
                List<Event> events = decode(message);
                if (!events.isEmpty()) {
                    delivery.accept(events);
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
            if (root.has("canary")) {
                heardCanary();
            }
            return List.of();
        }
        // A peer's canary has no events: nothing to do.
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
        canaryThread.interrupt();
        publisher.close();
        try {
            subscriberThread.join(2_000);
            canaryThread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

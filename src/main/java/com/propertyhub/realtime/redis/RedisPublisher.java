package com.propertyhub.realtime.redis;

import com.propertyhub.threads.DaemonThreads;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends PUBLISH commands from one background thread, in the order they were handed over, so a slow or unreachable
 * Redis never holds up the request that committed an event. The queue is bounded: when it is full the oldest
 * message is dropped and counted. That costs latency only, never data: events are in the log, and peers fill the
 * gap from it as soon as a later event arrives, or on their catch-up timer, or when the canary finds the path dead.
 */
final class RedisPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisPublisher.class);

    /** One PUBLISH; the body is encoded on the publisher thread, not the request's. */
    record Message(String channel, Supplier<String> body) {
    }

    private final RedisClients redis;
    private final BlockingQueue<Message> queue;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;

    RedisPublisher(RedisClients redis, int capacity) {
        this.redis = redis;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = DaemonThreads.named("redis-publisher").newThread(this::publishLoop);
        thread.start();
    }

    /** Queues {@code message}; never blocks. When the queue is full the oldest message makes room. */
    void send(Message message) {
        while (!queue.offer(message)) {
            if (queue.poll() != null && dropped.getAndIncrement() == 0) {
                log.warn("Redis publishing is behind by {} messages; dropping the oldest (peers read them from the "
                        + "event log)", queue.size() + 1);
            }
        }
    }

    /** Messages dropped because the queue was full (a counter). */
    long dropped() {
        return dropped.get();
    }

    /** Messages waiting to be published. */
    int pending() {
        return queue.size();
    }

    private void publishLoop() {
        while (running) {
            Message m;
            try {
                m = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (m == null) {
                continue;
            }
            try {
                redis.commands().publish(m.channel(), m.body().get());
                if (failures.getAndSet(0) > 0) {
                    log.info("Publishing to Redis works again");
                }
            } catch (RuntimeException e) {
                // Peers catch up from the log; say so once per outage rather than once per event.
                if (failures.getAndIncrement() == 0 && running) {
                    log.warn("Cannot publish to Redis ({}); other nodes will catch up from the event log",
                            e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

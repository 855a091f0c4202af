package com.propertyhub.realtime;

import com.propertyhub.threads.DaemonThreads;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to this node's streams strictly in id order, each exactly once. Events reach a node from its
 * own commits and from peers (Redis) in any order, or not at all while Redis is away; because log ids are
 * dense and commit in order (see {@link EventLog}), a gap below a received id is always already committed
 * and is filled straight from the log. {@link #catchUp()} does the same on a timer and after a reconnect,
 * so a node never depends on the bus alone.
 *
 * <p>All sequencing and fan-out runs on one delivery thread: writers return as soon as they commit, and the
 * state below needs no lock.
 */
public final class EventSequencer implements Delivery, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventSequencer.class);
    /** Events held while the log cannot be read; beyond this the newest are dropped and re-read later. */
    private static final int MAX_HELD = 10_000;

    private final EventLog eventLog;
    private final Consumer<Event> deliver;
    private final ExecutorService thread;
    private final TreeMap<Long, Event> held = new TreeMap<>();
    private volatile long delivered;

    public EventSequencer(EventLog eventLog, Consumer<Event> deliver, long startAfter) {
        this.eventLog = eventLog;
        this.deliver = deliver;
        this.delivered = startAfter;
        this.thread = Executors.newSingleThreadExecutor(DaemonThreads.named("event-delivery"));
    }

    /**
     * Accepts events from any source and thread; duplicates and already delivered ids are ignored. Their frames are
     * encoded here, on the caller's thread (the writer's, after its commit, or the bus subscriber's), so the one
     * delivery thread only sequences and writes.
     */
    @Override
    public void accept(List<Event> events) {
        events.forEach(Event::frame);
        run(() -> {
            for (Event e : events) {
                if (e.id() > delivered) {
                    held.put(e.id(), e);
                }
            }
            while (held.size() > MAX_HELD) {
                held.pollLastEntry();
            }
            drain();
        });
    }

    /** Delivers everything the log has beyond what this node delivered (timer, and after a bus reconnect). */
    @Override
    public void catchUp() {
        run(() -> {
            long last;
            try {
                last = eventLog.lastId();
            } catch (RuntimeException e) {
                log.debug("catch-up skipped, event log unreadable: {}", e.toString());
                return;
            }
            if (last > delivered && fill(delivered + 1, last)) {
                drain();
            }
        });
    }

    /** The highest id handed to this node's streams. */
    public long lastDelivered() {
        return delivered;
    }

    private void drain() {
        while (!held.isEmpty()) {
            long first = held.firstKey();
            if (first <= delivered) {
                held.pollFirstEntry();
            } else if (first == delivered + 1) {
                send(held.pollFirstEntry().getValue());
            } else if (!fill(delivered + 1, first - 1)) {
                return;
            }
        }
    }

    /** Reads {@code [from, to]} from the log and delivers it; false if the log could not be read. */
    private boolean fill(long from, long to) {
        List<Event> missing;
        try {
            missing = eventLog.readRange(from, to);
        } catch (RuntimeException e) {
            log.warn("Cannot fill events {}..{} from the log yet: {}", from, to, e.toString());
            return false;
        }
        for (Event e : missing) {
            if (e.id() > delivered) {
                if (e.id() > delivered + 1) {
                    log.warn("Events {}..{} are no longer in the log", delivered + 1, e.id() - 1);
                }
                send(e);
            }
        }
        if (delivered < to) {
            // Only after retention removed them during a very long outage; streams that need them resync.
            log.warn("Events {}..{} are no longer in the log", delivered + 1, to);
            delivered = to;
        }
        return true;
    }

    private void send(Event e) {
        delivered = e.id();
        try {
            deliver.accept(e);
        } catch (RuntimeException ex) {
            log.error("Delivering {} failed", e, ex);
        }
    }

    private void run(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("event delivery is shut down");
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

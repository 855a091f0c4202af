package com.propertyhub.testsupport;

import java.time.Duration;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One client's event stream across reconnects, as a browser tab sees it: it counts every data event of one name
 * by id (to find lost and duplicated deliveries), checks that ids only increase, and reconnects with the last id
 * it saw, to any node. Events are counted, not kept, so it can run for a long time and in the hundreds.
 */
public final class TrackedStream implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String token;
    private final String eventName;
    private final Drill.Latencies latencies;
    private final BitSet seen = new BitSet();
    private final List<SseClient> connections = new CopyOnWriteArrayList<>();
    private long received;
    private long duplicates;
    private long outOfOrder;
    private long lastId;
    private long lastReceivedNanos;
    private volatile SseClient current;

    /**
     * @param eventName    the data events to count (others, such as presence, are ignored)
     * @param latencies gets, per counted event, parse time minus the {@code sentAt} ({@link System#nanoTime()})
     *                  found in its data; null when not measured
     */
    public TrackedStream(String token, String eventName, Drill.Latencies latencies) {
        this.token = token;
        this.eventName = eventName;
        this.latencies = latencies;
    }

    /** Opens the first connection on {@code baseUrl} and waits for {@code ready}. */
    public TrackedStream open(String baseUrl) {
        connect(baseUrl, null);
        return this;
    }

    /** Sets the position to resume from, for a client that saw events elsewhere (before its first connection). */
    public synchronized TrackedStream resumeAfter(long id) {
        lastId = id;
        return this;
    }

    /**
     * Reconnects to {@code baseUrl} with {@code Last-Event-ID} = the last id this client saw, after closing the
     * current connection if it is still open, and waits for {@code ready}.
     */
    public void reconnect(String baseUrl) {
        SseClient previous = current;
        if (previous != null) {
            previous.close();
            previous.awaitEnded(WAIT);
        }
        long last = lastId();
        connect(baseUrl, last == 0 ? null : Long.toString(last));
    }

    private void connect(String baseUrl, String lastEventId) {
        SseClient c = SseClient.open(baseUrl + "/api/events", token, lastEventId, e -> {
            if (eventName.equals(e.event())) {
                count(e);
            } else {
                track(e.idAsLong());
            }
        });
        connections.add(c);
        current = c;
        if (c.status() != 200) {
            throw new AssertionError("stream refused on " + baseUrl + ": " + c.status() + " " + c.error());
        }
        c.await("ready", WAIT);
    }

    private synchronized void track(long id) {
        if (id <= lastId) {
            outOfOrder++;
        }
        lastId = Math.max(lastId, id);
    }

    private void count(SseEvent e) {
        long id = e.idAsLong();
        synchronized (this) {
            track(id);
            received++;
            if (seen.get((int) id)) {
                duplicates++;
            } else {
                seen.set((int) id);
            }
            lastReceivedNanos = e.receivedNanos();
        }
        if (latencies != null && e.json() != null && e.json().has("sentAt")) {
            long sentAt = e.json().get("sentAt").asLong();
            latencies.add(sentAt, e.receivedNanos() - sentAt);
        }
    }

    public SseClient current() {
        return current;
    }

    /** True once the server ended the current connection. */
    public boolean ended() {
        return current.ended();
    }

    /**
     * True once the current connection ended or has been silent for {@code quiet} (for example two heartbeats: its
     * node no longer answers, though the connection is still open).
     */
    public boolean endedOrSilentFor(Duration quiet) {
        return current.ended() || current.silence().compareTo(quiet) >= 0;
    }

    /** Number of connections opened so far (1 + reconnects). */
    public int connections() {
        return connections.size();
    }

    /** Non-data events received on any connection ({@code resync}, {@code auth:expired}, ...), by name. */
    public long named(String name) {
        return connections.stream().mapToLong(c -> c.named(name).size()).sum();
    }

    public synchronized long lastId() {
        return lastId;
    }

    public synchronized boolean has(long id) {
        return seen.get((int) id);
    }

    public synchronized long received() {
        return received;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    /** Data events whose id was not above the one before (on this client, across reconnects). */
    public synchronized long outOfOrder() {
        return outOfOrder;
    }

    /** {@link System#nanoTime()} of the last counted event; 0 before the first. */
    public synchronized long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    /** How many of {@code expected} ids this client has not received. */
    public synchronized long missing(Collection<Long> expected) {
        long missing = 0;
        for (long id : expected) {
            if (!seen.get((int) id)) {
                missing++;
            }
        }
        return missing;
    }

    /** True when every one of {@code expected} ids arrived. */
    public boolean hasAll(Collection<Long> expected) {
        return missing(expected) == 0;
    }

    @Override
    public void close() {
        connections.forEach(SseClient::close);
    }
}

package com.propertyhub.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady, open-loop emit load: {@code POST /api/realtime/emit} at a fixed rate, round-robin over the given
 * SUPER_ADMIN clients (one per node), each event carrying {@code seq}, {@code sentAt} ({@link System#nanoTime()}
 * just before sending, for latencies) and padding. A slow answer does not delay the next request. It records the
 * id of every stored event and counts the requests that failed, by status.
 */
public final class EmitLoad implements AutoCloseable {
    private final List<ApiClient> via;
    private final String room;
    private final String event;
    private final String pad;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "emit-load"));
    private final ExecutorService senders = Executors.newFixedThreadPool(8, r -> daemon(r, "emit-load-send"));
    private final AtomicLong seq = new AtomicLong();
    private final List<Long> ids = new ArrayList<>();
    private final Map<Long, Long> sentAt = new HashMap<>();
    private final Map<String, Integer> failures = new TreeMap<>();

    private EmitLoad(List<ApiClient> via, String room, String event, int padBytes) {
        this.via = List.copyOf(via);
        this.room = room;
        this.event = event;
        this.pad = "x".repeat(padBytes);
    }

    /** Starts emitting {@code perSecond} events a second to {@code room}, named {@code event}. */
    public static EmitLoad start(List<ApiClient> via, double perSecond, String room, String event, int padBytes) {
        EmitLoad load = new EmitLoad(via, room, event, padBytes);
        long periodMicros = Math.max(1, Math.round(1_000_000 / perSecond));
        load.ticker.scheduleAtFixedRate(() -> load.senders.execute(load::emitOne), 0, periodMicros,
                TimeUnit.MICROSECONDS);
        return load;
    }

    private void emitOne() {
        long n = seq.getAndIncrement();
        ApiClient client = via.get((int) (n % via.size()));
        long sent = System.nanoTime();
        try {
            ApiResponse r = client.post("/api/realtime/emit", Map.of("room", room, "event", event,
                    "data", Map.of("seq", n, "sentAt", sent, "pad", pad)));
            if (r.status() == 201) {
                long id = Long.parseLong(r.json().get("id").asText());
                synchronized (this) {
                    ids.add(id);
                    sentAt.put(id, sent);
                }
            } else {
                failed(r.status() + (r.errorCode() == null ? "" : " " + r.errorCode()));
            }
        } catch (RuntimeException e) {
            failed(e.getClass().getSimpleName());
        }
    }

    private synchronized void failed(String why) {
        failures.merge(why, 1, Integer::sum);
    }

    /** Stops the load and waits for the requests in flight. */
    public void stop() {
        ticker.shutdownNow();
        senders.shutdown();
        try {
            if (!senders.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new AssertionError("emit requests still running 60 s after the load stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Ids of the events stored so far, in the order their answers arrived. */
    public synchronized List<Long> ids() {
        return List.copyOf(ids);
    }

    /** Ids stored from requests sent at or after {@code nanos} ({@link System#nanoTime()}). */
    public synchronized List<Long> idsSentSince(long nanos) {
        return sentAt.entrySet().stream().filter(e -> e.getValue() >= nanos).map(Map.Entry::getKey).sorted().toList();
    }

    /** When the request that stored {@code id} was sent ({@link System#nanoTime()}), or null. */
    public synchronized Long sentAt(long id) {
        return sentAt.get(id);
    }

    /** Requests sent so far. */
    public long sent() {
        return seq.get();
    }

    /** Failed requests by status and error code (or exception), empty when none failed. */
    public synchronized Map<String, Integer> failures() {
        return new TreeMap<>(failures);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        senders.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}

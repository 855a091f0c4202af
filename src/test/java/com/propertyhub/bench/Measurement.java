package com.propertyhub.bench;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One measured batch of mutating requests and their deliveries: which request each frame answers (by the
 * {@code sentAt} timestamp it carries), which stream got which event, and the latencies. The driver calls
 * {@link #sent} before each request; the selector thread calls {@link #delivered} and {@link #report}.
 */
final class Measurement {
    private final int events;
    private final boolean severalNodes;
    private final Map<Long, Integer> sentIndex = new ConcurrentHashMap<>();
    private final long[] sentAt;
    private final int[] emitNode;
    /** Event ids from the emit answers (0 when unknown: crud mode, or no answer yet). */
    private final long[] eventIds;
    /** Per event: when its first and its last delivery arrived (selector thread). */
    private final long[] firstArrival;
    private final long[] lastArrival;
    /** Per stream index: which events it got (selector thread). */
    private final BitSet[] seen;
    private final Stats latency = new Stats();
    private final Stats sameNode = new Stats();
    private final Stats crossNode = new Stats();
    private final AtomicLong received = new AtomicLong();
    private long duplicates;
    private volatile long lastDeliveryNanos;
    /** Request side, from the HTTP client's threads (guarded by itself). */
    private final Stats responseLatency = new Stats();

    Measurement(int events, int streams, boolean severalNodes) {
        this.events = events;
        this.severalNodes = severalNodes;
        this.sentAt = new long[events];
        this.emitNode = new int[events];
        this.eventIds = new long[events];
        this.firstArrival = new long[events];
        this.lastArrival = new long[events];
        this.seen = new BitSet[streams];
    }

    int events() {
        return events;
    }

    /** Request {@code index} is about to be sent to {@code node}, stamped {@code at} (unique nanoTime). */
    void sent(int index, long at, int node) {
        sentAt[index] = at;
        emitNode[index] = node;
        sentIndex.put(at, index);
    }

    /** Its answer arrived after {@code tookNanos}; {@code eventId} from the body, or -1. */
    void answered(long at, long tookNanos, long eventId) {
        Integer index = sentIndex.get(at);
        if (index != null && eventId > 0) {
            eventIds[index] = eventId;
        }
        synchronized (responseLatency) {
            responseLatency.add(tookNanos);
        }
    }

    Map<String, Object> responseLatency() {
        synchronized (responseLatency) {
            return responseLatency.summary().toMap();
        }
    }

    /** Selector thread: a frame stamped {@code at} reached stream {@code s}; false if not one of these requests. */
    boolean delivered(StreamClient.Stream s, long at, long now) {
        Integer index = at < 0 ? null : sentIndex.get(at);
        if (index == null) {
            return false;
        }
        BitSet got = seen[s.index];
        if (got == null) {
            got = seen[s.index] = new BitSet(events);
        }
        if (got.get(index)) {
            duplicates++;
            return true;
        }
        got.set(index);
        if (firstArrival[index] == 0) {
            firstArrival[index] = now;
        }
        lastArrival[index] = now;
        long took = now - at;
        latency.add(took);
        if (severalNodes) {
            (emitNode[index] == s.node ? sameNode : crossNode).add(took);
        }
        lastDeliveryNanos = now;
        received.incrementAndGet();
        return true;
    }

    long received() {
        return received.get();
    }

    /** Selector thread. */
    long duplicates() {
        return duplicates;
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }

    Stats.Summary latency() {
        return latency.summary();
    }

    /** The event id of request {@code index} (from its answer), 0 when unknown. */
    long eventId(int index) {
        return eventIds[index];
    }

    /** Selector thread: when the last delivery of any event arrived, 0 if none. */
    long lastArrivalOfAll() {
        long last = 0;
        for (long t : lastArrival) {
            last = Math.max(last, t);
        }
        return last;
    }

    /** Selector thread: per event, from its request until every stream had it (events no stream got are left out). */
    Stats.Summary untilEveryStream() {
        Stats s = new Stats();
        for (int i = 0; i < events; i++) {
            if (lastArrival[i] != 0) {
                s.add(lastArrival[i] - sentAt[i]);
            }
        }
        return s.summary();
    }

    /** Selector thread: streams that were ready and lack at least one event. */
    int streamsMissingEvents(List<StreamClient.Stream> streams) {
        int incomplete = 0;
        for (StreamClient.Stream s : streams) {
            BitSet got = seen[s.index];
            if (s.wasReady && (got == null || got.cardinality() < events)) {
                incomplete++;
            }
        }
        return incomplete;
    }

    /** Selector thread: the delivery figures (the "deliveries" section of the result). */
    Map<String, Object> report(long expected, int streamsOpen, StreamClient client) {
        Map<String, Object> r = new LinkedHashMap<>();
        long got = received.get();
        r.put("streamsAtStart", streamsOpen);
        r.put("expected", expected);
        r.put("received", got);
        r.put("missed", expected - got);
        r.put("duplicates", duplicates);
        r.put("streamsMissingEvents", streamsMissingEvents(client.streams()));
        r.put("latency", latency.summary().toMap());
        Stats first = new Stats();
        Stats spread = new Stats();
        int tenth = Math.max(1, events / 10);
        Stats early = new Stats();
        Stats late = new Stats();
        for (int i = 0; i < events; i++) {
            if (firstArrival[i] != 0) {
                first.add(firstArrival[i] - sentAt[i]);
                spread.add(lastArrival[i] - firstArrival[i]);
                if (i < tenth) {
                    early.add(lastArrival[i] - sentAt[i]);
                } else if (i >= events - tenth) {
                    late.add(lastArrival[i] - sentAt[i]);
                }
            }
        }
        // Until the last stream had it, for the first and the last tenth of the events: growing from one to the
        // other means deliveries cannot keep up with the rate and a backlog builds up.
        Map<String, Object> trend = new LinkedHashMap<>();
        trend.put("firstTenthMedianMs", early.summary().toMap().get("p50Ms"));
        trend.put("lastTenthMedianMs", late.summary().toMap().get("p50Ms"));
        r.put("lastStreamLatencyTrend", trend);
        // Per event: until its first stream had it (request + commit + delivery to one stream), and from its
        // first to its last stream (the fan-out).
        r.put("firstDeliveryLatency", first.summary().toMap());
        r.put("fanOutSpread", spread.summary().toMap());
        if (severalNodes) {
            r.put("latencySameNode", sameNode.summary().toMap());
            r.put("latencyCrossNode", crossNode.summary().toMap());
        }
        r.put("framesReceived", client.framesReceived());
        r.put("bytesReceived", client.bytesReceived());
        return r;
    }
}

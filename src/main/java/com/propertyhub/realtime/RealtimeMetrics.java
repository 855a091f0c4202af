package com.propertyhub.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The realtime layer's meters: open streams (in total and per role room), events published and delivered,
 * replays, resyncs, and streams closed by reason (slow consumers among them).
 */
public final class RealtimeMetrics {
    private final MeterRegistry registry;
    private final Counter published;
    private final Counter deliveries;
    private final Counter replayed;
    private final Counter resyncs;

    public RealtimeMetrics(MeterRegistry registry, RoomRegistry rooms) {
        this.registry = registry;
        this.published = Counter.builder("propertyhub_events_published").description("Events committed on this node")
                .register(registry);
        this.deliveries = Counter.builder("propertyhub_stream_deliveries")
                .description("Event frames handed to this node's streams").register(registry);
        this.replayed = Counter.builder("propertyhub_events_replayed")
                .description("Events replayed to reconnecting streams").register(registry);
        this.resyncs = Counter.builder("propertyhub_stream_resyncs")
                .description("Reconnects answered with resync").register(registry);
        Gauge.builder("propertyhub_streams_open", rooms, RoomRegistry::size).description("Open event streams")
                .register(registry);
        for (String room : List.of(Rooms.ADMINS, Rooms.OWNERS, Rooms.MANAGERS, Rooms.TENANTS)) {
            Gauge.builder("propertyhub_room_streams", rooms, r -> r.roomSize(room)).tag("room", room)
                    .description("Open event streams per role room").register(registry);
        }
    }

    /** A registry-less instance for code paths that run without metrics (tools, unit tests). */
    public static RealtimeMetrics none(RoomRegistry rooms) {
        return new RealtimeMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), rooms);
    }

    void published(int n) {
        published.increment(n);
    }

    void delivered(int frames) {
        deliveries.increment(frames);
    }

    void replayed(int n) {
        replayed.increment(n);
    }

    void resync() {
        resyncs.increment();
    }

    void closed(String reason) {
        Counter.builder("propertyhub_streams_closed").tag("reason", reason == null ? "unknown" : reason)
                .description("Event streams ended, by reason").register(registry).increment();
    }
}

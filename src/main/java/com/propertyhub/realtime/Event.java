package com.propertyhub.realtime;

import java.time.Instant;

/**
 * A committed event from the event log. Its server-sent-events frame is encoded once, on first use, and the same
 * bytes are written to every stream that receives it. Not in the constructor: the log creates events while it
 * holds the lock that orders every write of the cluster ({@link EventLog#append}), and the encoding is no part of
 * that order.
 */
public final class Event {
    private final long id;
    private final String room;
    private final String name;
    private final String data;
    private final Instant createdAt;
    /** Encoded on first use; a race only encodes the same bytes twice. */
    private volatile byte[] frame;

    public Event(long id, String room, String name, String data, Instant createdAt) {
        this.id = id;
        this.room = room;
        this.name = EventNames.requireValid(name);
        this.data = data;
        this.createdAt = createdAt;
    }

    public long id() {
        return id;
    }

    public String room() {
        return room;
    }

    public String name() {
        return name;
    }

    /** The payload as single-line JSON. */
    public String data() {
        return data;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The encoded frame; shared, never modify it. */
    byte[] frame() {
        byte[] f = frame;
        if (f == null) {
            f = SseFrames.event(Long.toString(id), name, data);
            frame = f;
        }
        return f;
    }

    @Override
    public String toString() {
        return "Event[" + id + " " + name + " -> " + room + "]";
    }
}

package com.propertyhub.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A committed event from the event log. Its server-sent-events frame is encoded once, here, and the same
 * bytes are written to every stream that receives it.
 */
public final class Event {
    private final long id;
    private final String room;
    private final String name;
    private final String data;
    private final Instant createdAt;
    private final byte[] frame;

    public Event(long id, String room, String name, String data, Instant createdAt) {
        this.id = id;
        this.room = room;
        this.name = EventNames.requireValid(name);
        this.data = data;
        this.createdAt = createdAt;
        this.frame = SseFrames.event(Long.toString(id), name, data);
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
        return frame;
    }

    public String frameText() {
        return new String(frame, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Event[" + id + " " + name + " -> " + room + "]";
    }
}

package com.propertyhub.realtime;

/**
 * A live-only signal (say "someone is typing"): delivered to the streams open in its room right now, never
 * written to the event log, never replayed, and without an {@code id} line, so it takes no event id and
 * leaves the browser's last event id where it was (WHATWG SSE: an event without an id field keeps the last
 * event ID buffer). Its frame is encoded once and shared by every stream.
 */
public record TransientEvent(String room, String name, String data, byte[] frame) {

    public TransientEvent(String room, String name, String data) {
        this(Rooms.requireValid(room), EventNames.requireValid(name), data, SseFrames.event(null, name, data));
    }
}

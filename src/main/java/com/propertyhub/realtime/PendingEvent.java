package com.propertyhub.realtime;

/** An event recorded inside a transaction, waiting for its id (assigned just before commit). */
public record PendingEvent(String room, String name, String data) {
    public PendingEvent {
        Rooms.requireValid(room);
        EventNames.requireValid(name);
    }
}

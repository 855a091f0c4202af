package com.propertyhub.realtime;

import java.nio.charset.StandardCharsets;

/**
 * An event recorded inside a transaction, waiting for its id (assigned just before commit). Its data is at most
 * {@link #MAX_DATA_BYTES} of UTF-8 JSON: an event is a row per recipient room and a frame to every stream of it,
 * so the log refuses a bigger one (the write fails and nothing commits) rather than cut it, which would send
 * clients JSON that no longer parses. The server's own events stay far below it by construction (bounded fields,
 * no unbounded lists); {@code POST /api/realtime/emit} answers 422 on {@code data}.
 */
public record PendingEvent(String room, String name, String data) {
    public static final int MAX_DATA_BYTES = 64 * 1024;

    public PendingEvent {
        Rooms.requireValid(room);
        EventNames.requireValid(name);
        if (!fits(data)) {
            throw new IllegalArgumentException("event " + name + " has more than " + MAX_DATA_BYTES + " bytes of data");
        }
    }

    /** True if {@code data} is within {@link #MAX_DATA_BYTES} as UTF-8. */
    public static boolean fits(String data) {
        // A char is at most 3 UTF-8 bytes (a surrogate pair, two chars, is 4): most data needs no encoding here.
        return data.length() <= MAX_DATA_BYTES / 3 || data.getBytes(StandardCharsets.UTF_8).length <= MAX_DATA_BYTES;
    }
}

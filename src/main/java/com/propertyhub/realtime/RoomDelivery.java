package com.propertyhub.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.web.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The last step of delivery on this node: hands each event, in order on the delivery thread, to its room's streams
 * and ends the streams it revokes; hands transient signals (from this node or a peer) straight to their room.
 */
public final class RoomDelivery implements Consumer<Event> {
    /** The signal that ends one stream (see {@link RealtimeHub#closeStream}); handled here, never sent to a client. */
    static final String CLOSE_STREAM = "stream:close";

    private final RoomRegistry rooms;
    private final RealtimeMetrics metrics;
    private final ObjectMapper json;
    /** Told of every user whose sessions ended, with the token version from which tokens are good again. */
    private volatile BiConsumer<UUID, Integer> sessionsEnded = (id, version) -> { };

    public RoomDelivery(RoomRegistry rooms, RealtimeMetrics metrics, ObjectMapper json) {
        this.rooms = rooms;
        this.metrics = metrics;
        this.json = json;
    }

    /**
     * Who is told, on the delivery thread, of each user whose sessions an event just ended (signed out, new
     * password), with their new token version; it must not block.
     */
    public void whenSessionsEnd(BiConsumer<UUID, Integer> listener) {
        this.sessionsEnded = listener;
    }

    /** On the delivery thread: hand the event to its room, then end streams the event revokes. */
    @Override
    public void accept(Event e) {
        metrics.delivered(rooms.deliver(e));
        Revocations.of(e, json).ifPresent(this::revoke);
    }

    /** Delivers a transient signal to this node's streams only (any thread). */
    public void deliverTransient(TransientEvent event) {
        if (CLOSE_STREAM.equals(event.name())) {
            SseConnection c = rooms.find(event.room(), event.data());
            if (c != null) {
                c.cut("closed by the client");
            }
            return;
        }
        rooms.deliverTransient(event);
    }

    private void revoke(Revocations.Revoked revoked) {
        if (revoked.endsSessions()) {
            // First, so a stream opened from now on with an older token is refused.
            sessionsEnded.accept(revoked.userId(), revoked.keepFromVersion());
        }
        byte[] frame = SseFrames.event(null, "auth:expired", Json.write(json, Map.of("reason", revoked.reason())));
        for (SseConnection c : List.copyOf(rooms.connections())) {
            if (revoked.appliesTo(c.user())) {
                c.closeAfter(frame, revoked.reason());
            }
        }
    }
}

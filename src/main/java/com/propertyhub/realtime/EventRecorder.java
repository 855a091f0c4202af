package com.propertyhub.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.web.Json;
import java.util.UUID;

/**
 * The seed's emit operations as a Java API. Each emit is recorded in the event log (so it is replayed to
 * clients that reconnect, and reaches every node) and delivered after it commits. Inside a data change,
 * emit through the change's {@link com.propertyhub.persistence.UnitOfWork} instead, so the event commits
 * with the data.
 */
public final class EventRecorder {
    private final Transactions tx;
    private final EventOutbox outbox;
    private final ObjectMapper json;

    public EventRecorder(Transactions tx, EventOutbox outbox, ObjectMapper json) {
        this.tx = tx;
        this.outbox = outbox;
        this.json = json;
    }

    /**
     * Part of the seed-compatible public API: kept for callers written against the seed.
     *
     * @return the event as stored in the log (with its id)
     */
    public Event emitToRoom(String room, String event, Object data) {
        return emitJson(room, event, Json.write(json, data));
    }

    /** {@link #emitToRoom} with the data already serialised. */
    public Event emitJson(String room, String event, String data) {
        EventOutbox.Events events = outbox.open();
        events.add(room, event, data);
        tx.record(events);
        return events.stored().get(0);
    }

    /** Part of the seed-compatible public API: kept for callers written against the seed. */
    public void emitToAdmins(String event, Object data) {
        emitToRoom(Rooms.ADMINS, event, data);
    }

    /** Part of the seed-compatible public API: kept for callers written against the seed. */
    public void emitToCustomer(UUID customerId, String event, Object data) {
        emitToRoom(Rooms.customer(customerId), event, data);
    }

    /** Part of the seed-compatible public API: kept for callers written against the seed. */
    public void emitToOwners(String event, Object data) {
        emitToRoom(Rooms.OWNERS, event, data);
    }

    /** Part of the seed-compatible public API: kept for callers written against the seed. */
    public void emitToManagers(String event, Object data) {
        emitToRoom(Rooms.MANAGERS, event, data);
    }

    /** Part of the seed-compatible public API: kept for callers written against the seed. */
    public void emitToTenants(String event, Object data) {
        emitToRoom(Rooms.TENANTS, event, data);
    }

    /** Part of the seed-compatible public API: kept for callers written against the seed. */
    public void emitToAll(String event, Object data) {
        emitToRoom(Rooms.EVERYONE, event, data);
    }
}

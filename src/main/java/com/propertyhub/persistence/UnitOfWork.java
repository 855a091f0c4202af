package com.propertyhub.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.web.Json;
import jakarta.persistence.EntityManager;

/**
 * One write transaction: the entity manager to change data with, and the events that the change causes.
 * The events are stored in the same transaction and published only after it commits.
 */
public final class UnitOfWork {
    private final EntityManager em;
    private final ObjectMapper json;
    private final Outbox.Batch events;

    UnitOfWork(EntityManager em, ObjectMapper json, Outbox.Batch events) {
        this.em = em;
        this.json = json;
        this.events = events;
    }

    public EntityManager em() {
        return em;
    }

    /** Records {@code name} for {@code room} with {@code payload} serialised exactly as the REST API would. */
    public void emit(String room, String name, Object payload) {
        events.add(room, name, Json.write(json, payload));
    }

    Outbox.Batch events() {
        return events;
    }
}

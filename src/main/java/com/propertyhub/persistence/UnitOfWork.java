package com.propertyhub.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.realtime.PendingEvent;
import com.propertyhub.web.Json;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;

/**
 * One write transaction: the entity manager to change data with, and the events that the change causes.
 * The events are stored in the same transaction and published only after it commits.
 */
public final class UnitOfWork {
    private final EntityManager em;
    private final ObjectMapper json;
    private final List<PendingEvent> events = new ArrayList<>();

    UnitOfWork(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    public EntityManager em() {
        return em;
    }

    /** Records {@code name} for {@code room} with {@code payload} serialised exactly as the REST API would. */
    public void emit(String room, String name, Object payload) {
        events.add(new PendingEvent(room, name, Json.write(json, payload)));
    }

    void add(PendingEvent event) {
        events.add(event);
    }

    List<PendingEvent> events() {
        return events;
    }
}

package com.propertyhub.maintenance;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.propertyhub.persistence.UnitOfWork;
import com.propertyhub.user.PrivateRooms;
import com.propertyhub.user.User;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The events a maintenance request's changes cause. They go to the private room of everyone on the request (see
 * {@link #recipients}), never to {@code customer:{id}}, which every tenant joins. Each carries the request without
 * its thread (with {@code commentCount}) and, for a comment, that one comment: an event is written once per
 * recipient, so a thread in every event would grow the log with the square of its length.
 */
public final class MaintenanceEvents {
    private MaintenanceEvents() {
    }

    /**
     * {@code detail}: the request as it is now, with its thread (its summary is sent). Returns everyone on the
     * request ({@link #recipients}), by user id.
     */
    static Set<UUID> created(UnitOfWork unit, MaintenanceRequest r, MaintenanceViews.Request detail) {
        return emit(unit, r, "maintenance:created", Map.of("request", detail.withoutComments()));
    }

    /** Its status or assignee changed; {@code detail}: the request as it is now, with its thread. */
    static void updated(UnitOfWork unit, MaintenanceRequest r, MaintenanceViews.Request detail) {
        emit(unit, r, "maintenance:updated", Map.of("request", detail.withoutComments()));
    }

    /** Returns everyone on the request ({@link #recipients}), by user id. */
    static Set<UUID> commented(UnitOfWork unit, MaintenanceRequest r, MaintenanceViews.Comment comment) {
        return emit(unit, r, "maintenance:updated", new Commented(MaintenanceViews.summary(unit.em(), r), comment));
    }

    /** The payload of a comment's {@code maintenance:updated}, its keys always in this order. */
    @JsonPropertyOrder({"request", "comment"})
    record Commented(MaintenanceViews.Request request, MaintenanceViews.Comment comment) {
    }

    /** Everyone on the request: the customer's OWNERs and MANAGERs, then the requester, each with their own room. */
    static Map<UUID, String> recipients(EntityManager em, MaintenanceRequest r) {
        return PrivateRooms.staffAnd(em, r.getCustomerId(), List.of(em.find(User.class, r.getRequesterId())));
    }

    private static Set<UUID> emit(UnitOfWork unit, MaintenanceRequest r, String name, Object payload) {
        Map<UUID, String> recipients = recipients(unit.em(), r);
        for (String room : recipients.values()) {
            unit.emit(room, name, payload);
        }
        return recipients.keySet();
    }
}

package com.propertyhub.maintenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import com.propertyhub.notification.Notifications;
import com.propertyhub.persistence.Times;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.property.Property;
import com.propertyhub.property.PropertyService;
import com.propertyhub.realtime.RealtimeHub;
import com.propertyhub.user.User;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.Ids;
import com.propertyhub.web.Json;
import com.propertyhub.web.KeyedRateLimiter;
import com.propertyhub.web.Page;
import com.propertyhub.web.Paging;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Maintenance use cases. A request is visible to its customer's OWNERs and MANAGERs and to the user who opened
 * it, and to nobody else (another tenant of the same customer gets 404, as for an unknown id); so do its events
 * ({@link MaintenanceEvents}). The thread itself is read with {@code GET /api/maintenance/{id}}.
 */
public final class MaintenanceService {
    /** Comments one user may post a minute (a burst of this many, then one every 60/n seconds). */
    public static final int COMMENTS_PER_MINUTE = 20;

    private final Transactions tx;
    private final RealtimeHub hub;
    private final KeyedRateLimiter typingLimit;
    private final KeyedRateLimiter commentLimit;
    private final ObjectMapper json;

    public MaintenanceService(Transactions tx, RealtimeHub hub, KeyedRateLimiter typingLimit,
                              KeyedRateLimiter commentLimit, ObjectMapper json) {
        this.tx = tx;
        this.hub = hub;
        this.typingLimit = typingLimit;
        this.commentLimit = commentLimit;
        this.json = json;
    }

    public Page<MaintenanceViews.Request> list(AuthUser caller, MaintenanceStatus status, Paging paging) {
        return tx.read(em -> {
            String where = " where r.customerId = :c" + (caller.role() == Role.TENANT ? " and r.requesterId = :u" : "")
                    + (status != null ? " and r.status = :s" : "");
            long total = bind(em.createQuery("select count(r) from MaintenanceRequest r" + where, Long.class),
                    caller, status).getSingleResult();
            List<MaintenanceViews.Request> items = bind(em.createQuery("select r from MaintenanceRequest r" + where
                            + " order by r.updatedAt desc, r.id", MaintenanceRequest.class), caller, status)
                    .setFirstResult(paging.offset()).setMaxResults(paging.limit())
                    .getResultList().stream().map(r -> MaintenanceViews.summary(em, r)).toList();
            return new Page<>(items, total, paging.limit(), paging.offset());
        });
    }

    private static <T> TypedQuery<T> bind(TypedQuery<T> q, AuthUser caller, MaintenanceStatus status) {
        q.setParameter("c", caller.customerId());
        if (caller.role() == Role.TENANT) {
            q.setParameter("u", caller.id());
        }
        if (status != null) {
            q.setParameter("s", status);
        }
        return q;
    }

    public MaintenanceViews.Request get(AuthUser caller, UUID id) {
        return tx.read(em -> MaintenanceViews.detail(em, find(em, caller, id)));
    }

    public MaintenanceViews.Request create(AuthUser caller, MaintenanceInput in) {
        return tx.write(unit -> {
            EntityManager em = unit.em();
            MaintenanceRequest r = new MaintenanceRequest(UUID.randomUUID(), caller.customerId(), caller.id(),
                    Times.now());
            r.setTitle(in.title().trim());
            r.setDescription(in.description().trim());
            if (in.propertyId() != null) {
                Property p =
                        em.find(Property.class, Ids.field(in.propertyId(), "propertyId", MaintenanceInput.PROPERTY_ID));
                if (p == null || !p.getCustomerId().equals(caller.customerId())) {
                    throw ApiException.validation("propertyId", "must be a property of your customer");
                }
                // Staff open requests for any of their properties; a tenant only for the home they rent.
                if (caller.role() == Role.TENANT && !p.getId().equals(PropertyService.rentedBy(em, caller.id()))) {
                    throw ApiException.validation("propertyId", "must be the property you rent");
                }
                r.setPropertyId(p.getId());
            }
            em.persist(r);
            em.flush();
            MaintenanceViews.Request view = MaintenanceViews.detail(em, r);
            // Everyone on the request is its customer's staff and the caller, who opened it.
            for (UUID staff : MaintenanceEvents.created(unit, r, view)) {
                if (!staff.equals(caller.id())) {
                    Notifications.notify(unit, staff, "New maintenance request: " + r.getTitle(),
                            r.getDescription(), link(r));
                }
            }
            return view;
        });
    }

    /** Status and/or assignee, by an OWNER or MANAGER of the request's customer. */
    public MaintenanceViews.Request change(AuthUser caller, UUID id, MaintenanceChange in) {
        return tx.write(unit -> {
            EntityManager em = unit.em();
            MaintenanceRequest r = find(em, caller, id);
            MaintenanceStatus before = r.getStatus();
            UUID assigneeBefore = r.getAssigneeId();
            if (in.assigneeId() != null) {
                User assignee =
                        em.find(User.class, Ids.field(in.assigneeId(), "assigneeId", MaintenanceChange.ASSIGNEE_ID));
                if (assignee == null || assignee.getRole() != Role.MANAGER
                        || !r.getCustomerId().equals(assignee.getCustomerId())) {
                    throw ApiException.validation("assigneeId", "must be a manager of this customer");
                }
                r.setAssigneeId(assignee.getId());
            }
            if (in.status() != null) {
                r.setStatus(in.status());
            }
            boolean statusChanged = r.getStatus() != before;
            boolean assigned = r.getAssigneeId() != null && !r.getAssigneeId().equals(assigneeBefore);
            if (!statusChanged && !assigned) {
                return MaintenanceViews.detail(em, r);
            }
            r.touch(Times.now());
            em.flush();
            MaintenanceViews.Request view = MaintenanceViews.detail(em, r);
            MaintenanceEvents.updated(unit, r, view);
            if (statusChanged && !r.getRequesterId().equals(caller.id())) {
                Notifications.notify(unit, r.getRequesterId(), "Your request is now " + r.getStatus().label(),
                        r.getTitle(), link(r));
            }
            if (assigned && !r.getAssigneeId().equals(caller.id())) {
                Notifications.notify(unit, r.getAssigneeId(), "Maintenance request assigned to you: " + r.getTitle(),
                        r.getDescription(), link(r));
            }
            return view;
        });
    }

    /**
     * Anyone who can see the request may comment on it; answers the comment. Limited per user (429), as each
     * comment is an event to every recipient and usually a notification.
     */
    public MaintenanceViews.Comment comment(AuthUser caller, UUID id, CommentInput in) {
        commentLimit.acquire(caller.id().toString());
        return tx.write(unit -> {
            EntityManager em = unit.em();
            MaintenanceRequest r = find(em, caller, id);
            MaintenanceComment c = new MaintenanceComment(UUID.randomUUID(), r.getId(), caller.id(), in.body().trim(),
                    Times.now());
            em.persist(c);
            r.touch(Times.now());
            em.flush();
            MaintenanceViews.Comment comment = MaintenanceViews.Comment.of(em, c);
            Set<UUID> onTheRequest = MaintenanceEvents.commented(unit, r, comment);
            // The other side of the conversation hears about it: staff's comments notify the requester; the
            // requester's notify the assigned manager, or every owner and manager (everyone else on the request)
            // while nobody is assigned.
            Collection<UUID> others = !caller.id().equals(r.getRequesterId()) ? List.of(r.getRequesterId())
                    : assignedManager(em, r) != null ? List.of(r.getAssigneeId()) : onTheRequest;
            for (UUID other : others) {
                if (!other.equals(caller.id())) {
                    Notifications.notify(unit, other, "New comment on " + r.getTitle(), c.getBody(), link(r));
                }
            }
            return comment;
        });
    }

    /**
     * "Someone is typing" on the request's thread: a transient signal to everyone else on the request, live only
     * (never logged, never replayed, no event id). Limited per user, so a busy keyboard cannot flood the streams.
     */
    public void typing(AuthUser caller, UUID id) {
        typingLimit.acquire(caller.id().toString());
        Map<String, Object> payload = new LinkedHashMap<>();
        Map<UUID, String> recipients = tx.read(em -> {
            MaintenanceRequest r = find(em, caller, id);
            User me = em.find(User.class, caller.id());
            payload.put("requestId", r.getId());
            payload.put("userId", caller.id());
            payload.put("name", me == null ? "" : me.getName());
            return MaintenanceEvents.recipients(em, r);
        });
        String data = Json.write(json, payload);
        recipients.forEach((user, room) -> {
            if (!user.equals(caller.id())) {
                hub.sendTransient(room, "maintenance:typing", data);
            }
        });
    }

    /**
     * The request's assignee while they are still a manager of its customer, else null: a manager demoted to
     * tenant keeps the assignment on record but never again hears about the request.
     */
    private static User assignedManager(EntityManager em, MaintenanceRequest r) {
        User assignee = r.getAssigneeId() == null ? null : em.find(User.class, r.getAssigneeId());
        return assignee != null && assignee.getRole() == Role.MANAGER
                && r.getCustomerId().equals(assignee.getCustomerId()) ? assignee : null;
    }

    /** Unknown, another customer's, or (for a tenant) another user's request: all 404, revealing nothing. */
    private static MaintenanceRequest find(EntityManager em, AuthUser caller, UUID id) {
        MaintenanceRequest r = em.find(MaintenanceRequest.class, id);
        if (r == null || !r.getCustomerId().equals(caller.customerId())
                || (caller.role() == Role.TENANT && !r.getRequesterId().equals(caller.id()))) {
            throw ApiException.notFound("maintenance request", id);
        }
        return r;
    }

    private static String link(MaintenanceRequest r) {
        return "account.html#maintenance/" + r.getId();
    }
}

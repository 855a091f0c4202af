package com.propertyhub.maintenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.propertyhub.identity.Role;
import com.propertyhub.user.User;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Maintenance requests and comments as the API returns them. */
public final class MaintenanceViews {
    private MaintenanceViews() {
    }

    /** Who asked, who is assigned, who wrote: enough to show a name without another request. */
    @Schema(name = "MaintenancePerson")
    public record Person(UUID id, String name, Role role) {
        static Person of(EntityManager em, UUID id) {
            if (id == null) {
                return null;
            }
            User u = em.find(User.class, id);
            return u == null ? new Person(id, "(deleted user)", null) : new Person(u.getId(), u.getName(), u.getRole());
        }
    }

    @Schema(name = "MaintenanceComment")
    public record Comment(UUID id, UUID requestId, Person author, String body, Instant createdAt) {
        static Comment of(EntityManager em, MaintenanceComment c) {
            return new Comment(c.getId(), c.getRequestId(), Person.of(em, c.getAuthorId()), c.getBody(),
                    c.getCreatedAt());
        }
    }

    /** {@code comments} is present only on {@code GET /api/maintenance/{id}} (and the answers of its writes). */
    @Schema(name = "MaintenanceRequest")
    public record Request(UUID id, UUID customerId, UUID propertyId, String title, String description,
                          MaintenanceStatus status, Person requester, Person assignee, long commentCount,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<Comment> comments,
                          Instant createdAt, Instant updatedAt) {
        /** The same request without its thread, as {@link MaintenanceViews#summary} shows it. */
        Request withoutComments() {
            return new Request(id, customerId, propertyId, title, description, status, requester, assignee,
                    commentCount, null, createdAt, updatedAt);
        }
    }

    public static Request summary(EntityManager em, MaintenanceRequest r) {
        return of(em, r, null);
    }

    public static Request detail(EntityManager em, MaintenanceRequest r) {
        List<Comment> comments = em.createQuery(
                        "select c from MaintenanceComment c where c.requestId = :r order by c.createdAt, c.id",
                        MaintenanceComment.class)
                .setParameter("r", r.getId()).getResultList().stream().map(c -> Comment.of(em, c)).toList();
        return of(em, r, comments);
    }

    private static Request of(EntityManager em, MaintenanceRequest r, List<Comment> comments) {
        long count = comments != null ? comments.size() : em.createQuery(
                        "select count(c) from MaintenanceComment c where c.requestId = :r", Long.class)
                .setParameter("r", r.getId()).getSingleResult();
        return new Request(r.getId(), r.getCustomerId(), r.getPropertyId(), r.getTitle(), r.getDescription(),
                r.getStatus(), Person.of(em, r.getRequesterId()), Person.of(em, r.getAssigneeId()), count, comments,
                r.getCreatedAt(), r.getUpdatedAt());
    }
}

package com.propertyhub.activity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.propertyhub.auth.AuthUser;
import com.propertyhub.auth.Role;
import com.propertyhub.user.User;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.persistence.EntityManager;
import java.util.UUID;

/**
 * Who made a change, as recorded with its event ({@code "actor"}) for the activity feed. Each event is addressed to
 * a room, so each copy names the actor as that room's readers may see them: staff see everyone by name; the users
 * of a customer see their own customer's users by name, and every PropertyHub staff member only as
 * {@value #SUPPORT_NAME} (no id or role), since staff names, roles and accounts are none of their business.
 */
@Schema(name = "Actor")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Actor(UUID id, String name, Role role) {
    public static final String SUPPORT_NAME = "PropertyHub support";

    /** The caller as a user of the database now (their current name), or null when the account is gone. */
    public static Actor of(EntityManager em, AuthUser caller) {
        if (caller == null) {
            return null;
        }
        User user = em.find(User.class, caller.id());
        return user == null ? null : new Actor(user.getId(), user.getName(), user.getRole());
    }

    /** As the users of a customer may see it (see the class comment). */
    public Actor seenByCustomer() {
        return role != null && role.isInternal() ? new Actor(null, SUPPORT_NAME, null) : this;
    }

    /** {@link #seenByCustomer} of a possibly absent actor. */
    public static Actor seenByCustomer(Actor actor) {
        return actor == null ? null : actor.seenByCustomer();
    }
}

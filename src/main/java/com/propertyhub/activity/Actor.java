package com.propertyhub.activity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.propertyhub.identity.Role;
import io.swagger.v3.oas.annotations.media.Schema;
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

    /** As the users of a customer may see it (see the class comment). */
    public Actor seenByCustomer() {
        return role != null && role.isInternal() ? new Actor(null, SUPPORT_NAME, null) : this;
    }

    /** {@link #seenByCustomer} of a possibly absent actor. */
    public static Actor seenByCustomer(Actor actor) {
        return actor == null ? null : actor.seenByCustomer();
    }
}

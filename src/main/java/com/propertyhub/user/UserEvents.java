package com.propertyhub.user;

import com.propertyhub.activity.Actor;
import com.propertyhub.activity.Attribution;
import com.propertyhub.activity.Change;
import com.propertyhub.persistence.UnitOfWork;
import com.propertyhub.realtime.Rooms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events a change to internal staff causes: admins' lists hear of it, with who made the change
 * ({@code actor}) and, for an update, the fields that changed. (Sign-outs are {@link UserSessions}' events;
 * customer-side users' are the account feature's.)
 */
public final class UserEvents {
    private UserEvents() {
    }

    static void created(UnitOfWork unit, UserView user, Actor actor) {
        unit.emit(Rooms.ADMINS, "user:created", Attribution.payload("user", user, actor, List.of()));
    }

    static void updated(UnitOfWork unit, UserView user, Actor actor, List<Change> changes) {
        unit.emit(Rooms.ADMINS, "user:updated", Attribution.payload("user", user, actor, changes));
    }

    static void deleted(UnitOfWork unit, UUID userId, String name, Actor actor) {
        Map<String, Object> payload = Attribution.payload("userId", userId, actor, List.of());
        payload.put("name", name);
        unit.emit(Rooms.ADMINS, "user:deleted", payload);
    }

    /** The fields of a staff user an update may change, as the activity feed names them (never the password). */
    static Map<String, String> fields(User u) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", u.getName());
        fields.put("email", u.getEmail());
        fields.put("role", u.getRole().name());
        fields.put("department", u.getDepartment());
        fields.put("isActive", Boolean.toString(u.isActive()));
        return fields;
    }
}

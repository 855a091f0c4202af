package com.propertyhub.user;

import com.propertyhub.persistence.UnitOfWork;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Ends all of a user's sessions at once (signing out, a new password): every token issued before stops working
 * (see {@code ActiveUsers}), and {@value #ENDED} ends the streams opened with them on every node.
 */
public final class UserSessions {
    /** Carries {@code userId} and the new {@code tokenVersion}; streams of older tokens end with auth:expired. */
    public static final String ENDED = "user:sessions-ended";

    private UserSessions() {
    }

    /** In {@code unit}'s transaction; returns the user's new token version. */
    public static int end(UnitOfWork unit, UUID userId) {
        // An increment in SQL: two sign-outs at once both raise it, and no entity update can lower it again.
        unit.em().createQuery("update User u set u.tokenVersion = u.tokenVersion + 1 where u.id = :id")
                .setParameter("id", userId).executeUpdate();
        int version = unit.em().createQuery("select u.tokenVersion from User u where u.id = :id", Integer.class)
                .setParameter("id", userId).getSingleResult();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("userId", userId);
        payload.put("tokenVersion", version);
        // Every node acts on it whatever its room; the room is the user's own, of their current role.
        unit.emit(UserFields.find(unit.em(), userId).privateRoom(), ENDED, payload);
        return version;
    }
}

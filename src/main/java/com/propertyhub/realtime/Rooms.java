package com.propertyhub.realtime;

import com.propertyhub.identity.AuthUser;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Room names, and which rooms a user belongs to. Membership is derived from the token's principal only:
 * a client cannot ask to join a room it is not entitled to.
 */
public final class Rooms {
    public static final String ADMINS = "admins";
    public static final String OWNERS = "owners";
    public static final String MANAGERS = "managers";
    public static final String TENANTS = "tenants";
    /** Every connected stream is in this room ("emit to everyone"). */
    public static final String EVERYONE = "*";

    private static final Pattern VALID = Pattern.compile("\\*|[A-Za-z0-9_.\\-]+(:[A-Za-z0-9_.\\-]+)?");

    private Rooms() {
    }

    /**
     * The room of the events private to one user in one role epoch (the number of the user's role changes):
     * {@code user:{id}} until the first change, then {@code user:{id}.{epoch}}. Every private event is addressed
     * with the recipient's epoch as read in the emitting transaction, and a stream, replay or activity feed reads
     * only the current epoch's room; so after a role change nothing addressed to the old role is read again, on
     * any node, and delivery stays one room lookup per event.
     */
    public static String user(UUID userId, int roleEpoch) {
        return roleEpoch == 0 ? "user:" + userId : "user:" + userId + "." + roleEpoch;
    }

    public static String customer(UUID customerId) {
        return "customer:" + customerId;
    }

    public static boolean isValid(String room) {
        return room != null && room.length() <= 200 && VALID.matcher(room).matches();
    }

    public static String requireValid(String room) {
        if (!isValid(room)) {
            throw new IllegalArgumentException("invalid room name");
        }
        return room;
    }

    /**
     * The rooms a user joins, in a stable order; always ends with {@link #EVERYONE}.
     *
     * @param roleEpoch the user's current role epoch, read with the role the token was checked against
     */
    public static List<String> of(AuthUser user, int roleEpoch) {
        List<String> rooms = new ArrayList<>(4);
        rooms.add(user(user.id(), roleEpoch));
        if (user.customerId() != null) {
            rooms.add(customer(user.customerId()));
        }
        switch (user.role()) {
            case SUPER_ADMIN, ADMIN, SUPPORT -> rooms.add(ADMINS);
            case OWNER -> rooms.add(OWNERS);
            case MANAGER -> rooms.add(MANAGERS);
            case TENANT -> rooms.add(TENANTS);
        }
        rooms.add(EVERYONE);
        return List.copyOf(rooms);
    }
}

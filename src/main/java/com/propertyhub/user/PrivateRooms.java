package com.propertyhub.user;

import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The private rooms ({@link User#privateRoom}) that a customer's private events are emitted to, one per reader:
 * no shared room holds exactly the readers ({@code customer:{id}} has every tenant of the customer).
 */
public final class PrivateRooms {
    private PrivateRooms() {
    }

    /**
     * The private room of each OWNER and MANAGER of the customer (in id order), then of each of {@code others} (in
     * their order), each user once, by user id.
     */
    public static Map<UUID, String> staffAnd(EntityManager em, UUID customerId, Collection<User> others) {
        Map<UUID, String> rooms = new LinkedHashMap<>();
        for (User staff : UserFields.staffOf(em, customerId)) {
            rooms.put(staff.getId(), staff.privateRoom());
        }
        for (User other : others) {
            rooms.putIfAbsent(other.getId(), other.privateRoom());
        }
        return rooms;
    }
}

package com.propertyhub.account;

import com.propertyhub.persistence.UnitOfWork;
import com.propertyhub.user.UserView;
import java.util.Map;
import java.util.UUID;

/**
 * The events a change to a customer's owners, managers and tenants causes for the user themself: their own tabs
 * hear of it (and the stream signs them out if they were deactivated, deleted or given another role). The
 * customer's own events (its new counts) come from {@code Customers.touch}.
 */
public final class AccountEvents {
    private AccountEvents() {
    }

    /** @param room the user's private room before the change: after a new role, the one their open tabs are in */
    static void userUpdated(UnitOfWork unit, String room, UserView user) {
        unit.emit(room, "user:updated", Map.of("user", user));
    }

    static void userDeleted(UnitOfWork unit, String room, UUID userId) {
        unit.emit(room, "user:deleted", Map.of("userId", userId));
    }
}

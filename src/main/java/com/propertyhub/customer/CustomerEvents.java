package com.propertyhub.customer;

import com.propertyhub.persistence.UnitOfWork;
import com.propertyhub.realtime.Rooms;
import java.util.Map;
import java.util.UUID;

/** The events a customer change causes, and where they go (see the event table in API.md). */
public final class CustomerEvents {
    private CustomerEvents() {
    }

    public static void created(UnitOfWork unit, CustomerView customer) {
        unit.emit(Rooms.ADMINS, "customer:created", Map.of("customer", customer));
    }

    /** Admins' lists and the customer's own dashboards both show the customer, so both hear about it. */
    public static void changed(UnitOfWork unit, CustomerView customer) {
        unit.emit(Rooms.ADMINS, "customer:updated", Map.of("customer", customer));
        unit.emit(Rooms.customer(customer.id()), "account:updated", Map.of("customer", customer));
    }

    public static void deleted(UnitOfWork unit, UUID customerId) {
        unit.emit(Rooms.ADMINS, "customer:deleted", Map.of("customerId", customerId));
        unit.emit(Rooms.customer(customerId), "account:deleted", Map.of("customerId", customerId));
    }
}

package com.propertyhub.property;

import com.propertyhub.persistence.UnitOfWork;
import com.propertyhub.realtime.Rooms;
import java.util.Map;
import java.util.UUID;

/**
 * The events a property change causes. They go to the customer's room: its owners and managers keep the list,
 * and a tenant's page picks out the property it rents. (Payments, which are private, go to user rooms instead.)
 */
public final class PropertyEvents {
    private PropertyEvents() {
    }

    public static void created(UnitOfWork unit, PropertyView property) {
        unit.emit(Rooms.customer(property.customerId()), "property:created", Map.of("property", property));
    }

    public static void updated(UnitOfWork unit, PropertyView property) {
        unit.emit(Rooms.customer(property.customerId()), "property:updated", Map.of("property", property));
    }

    public static void deleted(UnitOfWork unit, UUID customerId, UUID propertyId) {
        unit.emit(Rooms.customer(customerId), "property:deleted", Map.of("propertyId", propertyId));
    }
}

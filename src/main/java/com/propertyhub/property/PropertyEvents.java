package com.propertyhub.property;

import com.propertyhub.persistence.UnitOfWork;
import com.propertyhub.user.PrivateRooms;
import com.propertyhub.user.User;
import com.propertyhub.user.UserView;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events a property change causes. They reach exactly who may read the property through REST: the customer's
 * OWNERs and MANAGERs, and the tenants who rent it (a tenant reads only the property they rent). No room holds
 * exactly those people ({@code customer:{id}} has every tenant of the customer), so, like payments, each event is
 * emitted once to each reader's private room.
 */
public final class PropertyEvents {
    private PropertyEvents() {
    }

    /** Nobody rents a new property yet: its customer's owners and managers hear of it. */
    public static void created(UnitOfWork unit, PropertyView property) {
        emit(unit, readers(unit.em(), property.customerId(), List.of()), "property:created",
                Map.of("property", property));
    }

    public static void updated(UnitOfWork unit, PropertyView property) {
        emit(unit, readers(unit.em(), property.customerId(), tenantsOf(unit.em(), property.id())), "property:updated",
                Map.of("property", property));
    }

    /** @param tenants who rented the property until now (they are told, as they could read it until now) */
    public static void deleted(UnitOfWork unit, UUID customerId, UUID propertyId, List<User> tenants) {
        emit(unit, readers(unit.em(), customerId, tenants), "property:deleted", Map.of("propertyId", propertyId));
    }

    /**
     * A tenant's tenancy began or ended (also when their property is deleted): their own tabs hear
     * {@code user:updated}, so their page shows the property they now rent, or none.
     */
    static void tenancyChanged(UnitOfWork unit, String tenantRoom, UserView tenant) {
        unit.emit(tenantRoom, "user:updated", Map.of("user", tenant));
    }

    /** The users who rent {@code propertyId}. */
    static List<User> tenantsOf(EntityManager em, UUID propertyId) {
        return em.createQuery("select u from User u where u.propertyId = :p order by u.id", User.class)
                .setParameter("p", propertyId).getResultList();
    }

    /** Each reader's private room, once: the customer's owners and managers, then the tenants. */
    private static Collection<String> readers(EntityManager em, UUID customerId, List<User> tenants) {
        return PrivateRooms.staffAnd(em, customerId, tenants).values();
    }

    private static void emit(UnitOfWork unit, Collection<String> rooms, String name, Object payload) {
        for (String room : rooms) {
            unit.emit(room, name, payload);
        }
    }
}

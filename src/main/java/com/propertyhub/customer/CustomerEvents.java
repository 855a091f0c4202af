package com.propertyhub.customer;

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
 * The events a customer change causes, and where they go (see the event table in API.md). Each carries who made
 * the change ({@code actor}, as its room may see them: {@link Actor}) and, for an update, the fields that changed.
 */
public final class CustomerEvents {
    private CustomerEvents() {
    }

    public static void created(UnitOfWork unit, CustomerView customer, Actor actor) {
        unit.emit(Rooms.ADMINS, "customer:created", Attribution.payload("customer", customer, actor, List.of()));
    }

    /**
     * Admins' lists and the customer's own dashboards both show the customer, so both hear about it. A change
     * nobody in particular made (such as new counts) has no actor and no fields.
     */
    public static void changed(UnitOfWork unit, CustomerView customer, Actor actor, List<Change> changes) {
        unit.emit(Rooms.ADMINS, "customer:updated", Attribution.payload("customer", customer, actor, changes));
        unit.emit(Rooms.customer(customer.id()), "account:updated",
                Attribution.payload("customer", customer, Actor.seenByCustomer(actor), changes));
    }

    public static void deleted(UnitOfWork unit, UUID customerId, String company, Actor actor) {
        Map<String, Object> admins = Attribution.payload("customerId", customerId, actor, List.of());
        admins.put("company", company);
        unit.emit(Rooms.ADMINS, "customer:deleted", admins);
        unit.emit(Rooms.customer(customerId), "account:deleted",
                Attribution.payload("customerId", customerId, Actor.seenByCustomer(actor), List.of()));
    }

    /** The fields an update may change, as the activity feed names them. */
    static Map<String, String> fields(Customer c) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("company", c.getCompany());
        fields.put("owner", c.getOwnerName());
        fields.put("email", c.getEmail());
        fields.put("phone", c.getPhone());
        fields.put("status", c.getStatus() == null ? null : c.getStatus().wire());
        fields.put("plan", c.getPlanName());
        fields.put("monthlyPrice", c.getPlanMonthlyPrice() == null ? null : c.getPlanMonthlyPrice().toPlainString());
        return fields;
    }
}

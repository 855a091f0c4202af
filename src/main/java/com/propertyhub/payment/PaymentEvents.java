package com.propertyhub.payment;

import com.propertyhub.persistence.UnitOfWork;
import com.propertyhub.user.PrivateRooms;
import com.propertyhub.user.User;
import java.util.List;
import java.util.Map;

/**
 * The events a payment causes. {@code payment:received} is private to the people who may read the payment, and no
 * room holds exactly them ({@code customer:{id}} has every tenant too), so it is emitted once per reader: to the
 * private room ({@code Rooms.user}) of each OWNER and MANAGER of the customer and of the paying tenant.
 */
public final class PaymentEvents {
    private PaymentEvents() {
    }

    static void received(UnitOfWork unit, PaymentView payment, User tenant) {
        for (String reader : PrivateRooms.staffAnd(unit.em(), payment.customerId(), List.of(tenant)).values()) {
            unit.emit(reader, "payment:received", Map.of("payment", payment));
        }
    }
}

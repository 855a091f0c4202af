package com.propertyhub.payment;

import com.propertyhub.persistence.UnitOfWork;
import com.propertyhub.user.User;
import com.propertyhub.user.UserFields;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The events a payment causes. {@code payment:received} is private to the people who may read the payment, and no
 * room holds exactly them ({@code customer:{id}} has every tenant too), so it is emitted once per reader: to the
 * private room ({@code Rooms.user}) of each OWNER and MANAGER of the customer and of the paying tenant.
 */
public final class PaymentEvents {
    private PaymentEvents() {
    }

    static void received(UnitOfWork unit, PaymentView payment, User tenant) {
        Set<String> readers = new LinkedHashSet<>();
        for (User staff : UserFields.staffOf(unit.em(), payment.customerId())) {
            readers.add(staff.privateRoom());
        }
        readers.add(tenant.privateRoom());
        for (String reader : readers) {
            unit.emit(reader, "payment:received", Map.of("payment", payment));
        }
    }
}

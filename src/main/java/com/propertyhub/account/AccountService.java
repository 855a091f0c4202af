package com.propertyhub.account;

import com.propertyhub.identity.AuthUser;
import com.propertyhub.customer.CustomerInput;
import com.propertyhub.customer.Customers;
import com.propertyhub.customer.CustomerView;
import com.propertyhub.customer.CustomerViews;
import com.propertyhub.persistence.Transactions;

/** A customer-side user's view of their own customer; the OWNER can change it. */
public final class AccountService {
    private final Transactions tx;
    private final Customers customers;

    public AccountService(Transactions tx, Customers customers) {
        this.tx = tx;
        this.customers = customers;
    }

    public CustomerView get(AuthUser user) {
        return tx.read(em -> CustomerViews.of(em, customers.find(em, user.customerId())));
    }

    /** Emits {@code account:updated} to the customer's room and {@code customer:updated} to admins. */
    public CustomerView update(AuthUser owner, AccountInput in) {
        CustomerInput change = new CustomerInput(in.company(), in.owner(), in.email(), in.phone(), null, null);
        return tx.write(unit -> {
            var customer = customers.find(unit.em(), owner.customerId());
            return customers.change(unit, owner, customer, change);
        });
    }
}

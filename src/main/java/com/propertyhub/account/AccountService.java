package com.propertyhub.account;

import com.propertyhub.auth.AuthUser;
import com.propertyhub.customer.CustomerInput;
import com.propertyhub.customer.CustomerService;
import com.propertyhub.customer.CustomerView;
import com.propertyhub.customer.CustomerViews;
import com.propertyhub.persistence.Transactions;

/** A customer-side user's view of their own customer; the OWNER can change it. */
public final class AccountService {
    private final Transactions tx;

    public AccountService(Transactions tx) {
        this.tx = tx;
    }

    public CustomerView get(AuthUser user) {
        return tx.read(em -> CustomerViews.of(em, CustomerService.find(em, user.customerId())));
    }

    /** Emits {@code account:updated} to the customer's room and {@code customer:updated} to admins. */
    public CustomerView update(AuthUser owner, AccountInput in) {
        CustomerInput change = new CustomerInput(in.company(), in.owner(), in.email(), in.phone(), null, null);
        return tx.write(unit -> {
            var customer = CustomerService.find(unit.em(), owner.customerId());
            return CustomerService.changeAs(unit, owner, customer, change);
        });
    }
}

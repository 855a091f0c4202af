package com.propertyhub.customer;

import com.propertyhub.activity.Actor;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.persistence.Filter;
import com.propertyhub.persistence.Times;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.user.UserFields;
import com.propertyhub.web.Page;
import com.propertyhub.web.Paging;
import com.propertyhub.web.Sorting;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/** Customer use cases. Every change runs in one transaction that also records its events. */
public final class CustomerService {
    private final Transactions tx;
    private final Customers customers;

    public CustomerService(Transactions tx, Customers customers) {
        this.tx = tx;
        this.customers = customers;
    }

    /** The columns {@code ?sort=} accepts, with what each sorts by (every one indexed, see V7). */
    public static final Map<String, String> SORTS = Sorting.columns("company", "c.companyKey", "owner", "c.ownerKey",
            "email", "c.email", "plan", "c.planName", "status", "c.status", "createdAt", "c.createdAt");
    public static final String DEFAULT_SORT = "-createdAt";

    public Page<CustomerView> list(String q, CustomerStatus status, String sort, Paging paging) {
        String orderBy = Sorting.orderBy(sort, DEFAULT_SORT, SORTS, "c.id");
        return tx.read(em -> {
            Filter filter = new Filter();
            if (q != null && !q.isBlank()) {
                filter.add("(c.companyKey like :q escape '\\' or c.ownerKey like :q escape '\\'"
                        + " or c.email like :q escape '\\')", "q", Filter.contains(q));
            }
            if (status != null) {
                filter.add("c.status = :status", "status", status);
            }
            long total = filter.bind(em.createQuery("select count(c) from Customer c" + filter.where(), Long.class))
                    .getSingleResult();
            List<Customer> rows = filter.bind(em.createQuery(
                            "select c from Customer c" + filter.where() + orderBy, Customer.class))
                    .setFirstResult(paging.offset()).setMaxResults(paging.limit())
                    .getResultList();
            return new Page<>(CustomerViews.list(em, rows), total, paging.limit(), paging.offset());
        });
    }

    /** The dashboard's totals: every customer, and the properties and users they have between them. */
    public CustomerTotals totals() {
        return tx.read(em -> new CustomerTotals(
                em.createQuery("select count(c) from Customer c", Long.class).getSingleResult(),
                em.createQuery("select count(p) from Property p", Long.class).getSingleResult(),
                em.createQuery("select count(u) from User u where u.customerId is not null", Long.class)
                .getSingleResult()));
    }

    public CustomerView get(UUID id) {
        return tx.read(em -> CustomerViews.of(em, customers.find(em, id)));
    }

    /** {@code actor}: who creates it, recorded with the event (null: nobody in particular, as for demo data). */
    public CustomerView create(AuthUser actor, CustomerInput in) {
        return create(actor, in, (em, c) -> { });
    }

    /**
     * {@link #create(AuthUser, CustomerInput)} that also runs {@code with} (adding the customer's users, say) in the
     * same transaction, before the one {@code customer:created} is built: it then shows the final counts, and no
     * {@code customer:updated} follows for each part.
     */
    public CustomerView create(AuthUser actor, CustomerInput in, BiConsumer<EntityManager, Customer> with) {
        return tx.write(unit -> {
            EntityManager em = unit.em();
            Customer c = new Customer(UUID.randomUUID(), Times.now());
            customers.apply(em, c, in, CustomerStatus.ACTIVE);
            em.persist(c);
            with.accept(em, c);
            em.flush();
            CustomerView view = CustomerViews.of(em, c);
            CustomerEvents.created(unit, view, UserFields.actor(em, actor));
            return view;
        });
    }

    /** PUT and PATCH alike: fields absent from {@code in} keep their value. */
    public CustomerView update(AuthUser actor, UUID id, CustomerInput in) {
        return tx.write(unit -> {
            Customer c = customers.find(unit.em(), id);
            return customers.change(unit, actor, c, in);
        });
    }

    public void delete(AuthUser actor, UUID id) {
        tx.write(unit -> {
            Customer c = customers.find(unit.em(), id);
            Actor by = UserFields.actor(unit.em(), actor);
            // The schema cascades to the customer's users and properties (ON DELETE CASCADE).
            unit.em().remove(c);
            unit.em().flush();
            CustomerEvents.deleted(unit, id, c.getCompany(), by);
            return null;
        });
    }
}

package com.propertyhub.customer;

import com.propertyhub.activity.Actor;
import com.propertyhub.activity.Change;
import com.propertyhub.auth.AuthUser;
import com.propertyhub.persistence.Emails;
import com.propertyhub.persistence.Filter;
import com.propertyhub.persistence.Times;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.persistence.UnitOfWork;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.Page;
import com.propertyhub.web.Paging;
import com.propertyhub.web.Sorting;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/** Customer use cases. Every change runs in one transaction that also records its events. */
public final class CustomerService {
    private final Transactions tx;

    public CustomerService(Transactions tx) {
        this.tx = tx;
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
        return tx.read(em -> CustomerViews.of(em, find(em, id)));
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
            apply(em, c, in, CustomerStatus.ACTIVE);
            em.persist(c);
            with.accept(em, c);
            em.flush();
            CustomerView view = CustomerViews.of(em, c);
            CustomerEvents.created(unit, view, Actor.of(em, actor));
            return view;
        });
    }

    /** PUT and PATCH alike: fields absent from {@code in} keep their value. */
    public CustomerView update(AuthUser actor, UUID id, CustomerInput in) {
        return tx.write(unit -> {
            Customer c = find(unit.em(), id);
            return changeAs(unit, actor, c, in);
        });
    }

    /**
     * Copies the fields present in {@code in} onto {@code c}, stores it and emits its events with {@code actor} and
     * the fields that changed; for the account feature too.
     */
    public static CustomerView changeAs(UnitOfWork unit, AuthUser actor, Customer c, CustomerInput in) {
        Map<String, String> before = CustomerEvents.fields(c);
        applyChanges(unit.em(), c, in);
        c.touch(Times.now());
        unit.em().flush();
        CustomerView view = CustomerViews.of(unit.em(), c);
        CustomerEvents.changed(unit, view, Actor.of(unit.em(), actor),
                Change.between(before, CustomerEvents.fields(c)));
        return view;
    }

    public void delete(AuthUser actor, UUID id) {
        tx.write(unit -> {
            Customer c = find(unit.em(), id);
            Actor by = Actor.of(unit.em(), actor);
            // The schema cascades to the customer's users and properties (ON DELETE CASCADE).
            unit.em().remove(c);
            unit.em().flush();
            CustomerEvents.deleted(unit, id, c.getCompany(), by);
            return null;
        });
    }

    /** Stores an already changed customer and emits its events; for the account and user features too. */
    public static CustomerView changed(UnitOfWork unit, Customer c) {
        c.touch(Times.now());
        unit.em().flush();
        CustomerView view = CustomerViews.of(unit.em(), c);
        CustomerEvents.changed(unit, view);
        return view;
    }

    public static Customer find(EntityManager em, UUID id) {
        Customer c = em.find(Customer.class, id);
        if (c == null) {
            throw ApiException.notFound("customer", id);
        }
        return c;
    }

    /**
     * {@link #find} with the customer's row locked until the transaction ends: changes that check a rule over
     * the customer's users (such as "an active OWNER remains") run one after the other, each counting what the
     * one before committed.
     */
    public static Customer findForUpdate(EntityManager em, UUID id) {
        Customer c = em.find(Customer.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw ApiException.notFound("customer", id);
        }
        return c;
    }

    /** Copies the fields present in {@code in} onto an existing customer. */
    private static void applyChanges(EntityManager em, Customer c, CustomerInput in) {
        apply(em, c, in, null);
    }

    /** Copies the given fields; {@code defaultStatus} fills a missing status on create. */
    private static void apply(EntityManager em, Customer c, CustomerInput in, CustomerStatus defaultStatus) {
        if (in.company() != null) {
            c.setCompany(in.company().trim());
        }
        if (in.owner() != null) {
            c.setOwnerName(in.owner().trim());
        }
        if (in.email() != null) {
            String email = Emails.normalize(in.email());
            requireUniqueEmail(em, email, c.getId());
            c.setEmail(email);
        }
        if (in.phone() != null) {
            c.setPhone(in.phone().isBlank() ? null : in.phone().trim());
        }
        if (in.status() != null) {
            c.setStatus(in.status());
        } else if (c.getStatus() == null) {
            c.setStatus(defaultStatus);
        }
        if (in.plan() != null) {
            if (in.plan().name() != null) {
                c.setPlanName(in.plan().name().trim());
            }
            if (in.plan().monthlyPrice() != null) {
                // Stored as numeric(12, 2): the answer to this write shows the price as every later read will
                // (199.00, not the 199 that was sent). Exact: the input has at most two decimals (@Digits).
                c.setPlanMonthlyPrice(in.plan().monthlyPrice().setScale(2, RoundingMode.UNNECESSARY));
            }
        }
        if (c.getPlanName() == null || c.getPlanMonthlyPrice() == null) {
            throw ApiException.validation("plan", "needs a name and a monthlyPrice");
        }
    }

    private static void requireUniqueEmail(EntityManager em, String email, UUID self) {
        List<UUID> owners = em.createQuery("select c.id from Customer c where c.email = :e", UUID.class)
                .setParameter("e", email).getResultList();
        if (!owners.isEmpty() && !owners.contains(self)) {
            throw ApiException.conflict("email_taken", "email", "A customer with this email already exists");
        }
    }

}

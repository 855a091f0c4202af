package com.propertyhub.customer;

import com.propertyhub.activity.Actor;
import com.propertyhub.activity.Change;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.persistence.Emails;
import com.propertyhub.persistence.Times;
import com.propertyhub.persistence.UnitOfWork;
import com.propertyhub.user.UserFields;
import com.propertyhub.web.ApiException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A customer as other features use it inside their own transaction (the account, its users, its properties):
 * found or locked by id, its fields changed, or touched when something it counts changes. Every change stores the
 * customer and emits its events ({@link CustomerEvents}) in the caller's unit of work.
 */
public final class Customers {
    /** The customer, or a 404. */
    public Customer find(EntityManager em, UUID id) {
        return found(em.find(Customer.class, id), id);
    }

    /**
     * {@link #find} with the customer's row locked until the transaction ends: changes that check a rule over
     * the customer's users (such as "an active OWNER remains") run one after the other, each counting what the
     * one before committed.
     */
    public Customer findForUpdate(EntityManager em, UUID id) {
        return found(em.find(Customer.class, id, LockModeType.PESSIMISTIC_WRITE), id);
    }

    /**
     * Copies the fields present in {@code in} onto {@code c}, stores it and emits its events with {@code actor} and
     * the fields that changed.
     */
    public CustomerView change(UnitOfWork unit, AuthUser actor, Customer c, CustomerInput in) {
        Map<String, String> before = CustomerEvents.fields(c);
        apply(unit.em(), c, in, null);
        List<Change> changes = Change.between(before, CustomerEvents.fields(c));
        return store(unit, c, UserFields.actor(unit.em(), actor), changes);
    }

    /**
     * Something the customer holds changed (a user or a property added, changed or removed): stores its new
     * {@code updatedAt} and emits its events with the new counts, made by nobody in particular.
     */
    public CustomerView touch(UnitOfWork unit, Customer c) {
        return store(unit, c, null, List.of());
    }

    private static CustomerView store(UnitOfWork unit, Customer c, Actor actor, List<Change> changes) {
        c.touch(Times.now());
        unit.em().flush();
        CustomerView view = CustomerViews.of(unit.em(), c);
        CustomerEvents.changed(unit, view, actor, changes);
        return view;
    }

    /** Copies the fields present in {@code in}; {@code defaultStatus} fills a missing status on create. */
    void apply(EntityManager em, Customer c, CustomerInput in, CustomerStatus defaultStatus) {
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

    private static Customer found(Customer c, UUID id) {
        if (c == null) {
            throw ApiException.notFound("customer", id);
        }
        return c;
    }

    private static void requireUniqueEmail(EntityManager em, String email, UUID self) {
        List<UUID> owners = em.createQuery("select c.id from Customer c where c.email = :e", UUID.class)
                .setParameter("e", email).getResultList();
        if (!owners.isEmpty() && !owners.contains(self)) {
            throw ApiException.conflict("email_taken", "email", "A customer with this email already exists");
        }
    }
}

package com.propertyhub.account;

import com.propertyhub.identity.Role;
import com.propertyhub.customer.Customer;
import com.propertyhub.customer.Customers;
import com.propertyhub.persistence.Times;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.user.User;
import com.propertyhub.user.UserFields;
import com.propertyhub.user.UserInput;
import com.propertyhub.user.UserView;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.Page;
import com.propertyhub.web.Paging;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The owners, managers and tenants of one customer. Admins manage all three; an OWNER manages their own
 * customer's managers and tenants. Each change updates the customer's {@code _count.users} and emits
 * {@code customer:updated} and {@code account:updated}.
 */
public final class CustomerUserService {
    private final Transactions tx;
    private final UserFields fields;
    private final Customers customers;

    public CustomerUserService(Transactions tx, UserFields fields, Customers customers) {
        this.tx = tx;
        this.fields = fields;
        this.customers = customers;
    }

    public Page<UserView> list(UUID customerId, Paging paging) {
        return tx.read(em -> {
            customers.find(em, customerId);
            long total = em.createQuery("select count(u) from User u where u.customerId = :c", Long.class)
                    .setParameter("c", customerId).getSingleResult();
            List<UserView> items = em.createQuery(
                            "select u from User u where u.customerId = :c order by u.createdAt desc, u.id", User.class)
                    .setParameter("c", customerId)
                    .setFirstResult(paging.offset()).setMaxResults(paging.limit())
                    .getResultStream().map(UserView::of).toList();
            return new Page<>(items, total, paging.limit(), paging.offset());
        });
    }

    /** One user of the customer, whatever their role (whoever may list them may read each one). */
    public UserView get(UUID customerId, UUID userId) {
        return tx.read(em -> {
            customers.find(em, customerId);
            return UserView.of(memberOf(em, customerId, userId));
        });
    }

    /** @param manageable the roles the caller may give and manage */
    public UserView create(UUID customerId, UserInput in, Set<Role> manageable) {
        requireRole(in.role(), manageable);
        return tx.write(unit -> {
            Customer customer = customers.find(unit.em(), customerId);
            User u = insert(unit.em(), customer, in);
            customers.touch(unit, customer);
            return UserView.of(u);
        });
    }

    /** Adds a user to {@code customer} in the caller's transaction, emitting nothing (the caller announces it). */
    public User insert(EntityManager em, Customer customer, UserInput in) {
        User u = new User(UUID.randomUUID(), Times.now());
        u.setCustomerId(customer.getId());
        if (in.company() == null) {
            u.setCompany(customer.getCompany());
        }
        fields.apply(em, u, in);
        em.persist(u);
        return u;
    }

    public UserView update(UUID customerId, UUID userId, UserInput in, Set<Role> manageable) {
        if (in.role() != null) {
            requireRole(in.role(), manageable);
        }
        return tx.write(unit -> {
            Customer customer = customers.findForUpdate(unit.em(), customerId);
            User u = findIn(unit.em(), customerId, userId, manageable);
            String roomBefore = u.privateRoom();
            boolean wasActiveOwner = isActiveOwner(u);
            fields.update(unit, u, in);
            if (wasActiveOwner && !isActiveOwner(u)) {
                requireAnotherOwner(unit.em(), u, in.role() != null && in.role() != Role.OWNER ? "role" : "isActive");
            }
            customers.touch(unit, customer);
            UserView view = UserView.of(u);
            // The user's own tabs hear about it (and are signed out by the stream if deactivated, or if their role
            // changed: then in the old role's room, the one those tabs are in; the new role's room starts empty).
            AccountEvents.userUpdated(unit, roomBefore, view);
            return view;
        });
    }

    public void delete(UUID customerId, UUID userId, Set<Role> manageable) {
        tx.write(unit -> {
            Customer customer = customers.findForUpdate(unit.em(), customerId);
            User u = findIn(unit.em(), customerId, userId, manageable);
            if (isActiveOwner(u)) {
                requireAnotherOwner(unit.em(), u, null);
            }
            unit.em().remove(u);
            unit.em().flush();
            customers.touch(unit, customer);
            AccountEvents.userDeleted(unit, u.privateRoom(), userId);
            return null;
        });
    }

    private static boolean isActiveOwner(User u) {
        return u.getRole() == Role.OWNER && u.isActive();
    }

    /**
     * A customer that has an OWNER keeps an active one: someone must be able to manage its users and account.
     * Ending the last one means ending the customer ({@code DELETE /api/customers/{id}}). Sound under concurrent
     * changes because the caller holds the customer's row lock ({@link Customers#findForUpdate}).
     */
    private static void requireAnotherOwner(EntityManager em, User leaving, String field) {
        long others = em.createQuery("select count(u) from User u where u.customerId = :c and u.role = :r"
                        + " and u.active = true and u.id <> :id", Long.class)
                .setParameter("c", leaving.getCustomerId()).setParameter("r", Role.OWNER)
                .setParameter("id", leaving.getId()).getSingleResult();
        if (others == 0) {
            throw ApiException.conflict("last_owner", field,
                    "The customer's only active OWNER cannot be removed;"
                            + " make another user OWNER or delete the customer");
        }
    }

    private static User findIn(EntityManager em, UUID customerId, UUID userId, Set<Role> manageable) {
        User u = memberOf(em, customerId, userId);
        if (!manageable.contains(u.getRole())) {
            throw ApiException.forbidden("You cannot manage a user with role " + u.getRole().label());
        }
        return u;
    }

    /** Another customer's user (or an internal one) is as unknown here as a missing one: 404, never 403. */
    private static User memberOf(EntityManager em, UUID customerId, UUID userId) {
        User u = em.find(User.class, userId);
        if (u == null || !customerId.equals(u.getCustomerId())) {
            throw ApiException.notFound("user", userId);
        }
        return u;
    }

    private static void requireRole(Role role, Set<Role> manageable) {
        if (role != null && !manageable.contains(role)) {
            throw ApiException.validation("role", "must be one of " + manageable.stream().map(Enum::name).sorted()
                    .collect(Collectors.joining(", ")));
        }
    }
}

package com.propertyhub.account;

import com.propertyhub.auth.Role;
import com.propertyhub.customer.Customer;
import com.propertyhub.customer.CustomerService;
import com.propertyhub.persistence.Times;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.realtime.Rooms;
import com.propertyhub.user.User;
import com.propertyhub.user.UserFields;
import com.propertyhub.user.UserInput;
import com.propertyhub.user.UserView;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.Page;
import com.propertyhub.web.Paging;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
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

    public CustomerUserService(Transactions tx, UserFields fields) {
        this.tx = tx;
        this.fields = fields;
    }

    public Page<UserView> list(UUID customerId, Paging paging) {
        return tx.read(em -> {
            CustomerService.find(em, customerId);
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
            CustomerService.find(em, customerId);
            return UserView.of(memberOf(em, customerId, userId));
        });
    }

    /** @param manageable the roles the caller may give and manage */
    public UserView create(UUID customerId, UserInput in, Set<Role> manageable) {
        requireRole(in.role(), manageable);
        return tx.write(unit -> {
            Customer customer = CustomerService.find(unit.em(), customerId);
            User u = new User(UUID.randomUUID(), Times.now());
            u.setCustomerId(customerId);
            if (in.company() == null) {
                u.setCompany(customer.getCompany());
            }
            fields.apply(unit.em(), u, in);
            unit.em().persist(u);
            CustomerService.changed(unit, customer);
            return UserView.of(u);
        });
    }

    public UserView update(UUID customerId, UUID userId, UserInput in, Set<Role> manageable) {
        if (in.role() != null) {
            requireRole(in.role(), manageable);
        }
        return tx.write(unit -> {
            Customer customer = CustomerService.find(unit.em(), customerId);
            User u = findIn(unit.em(), customerId, userId, manageable);
            fields.update(unit, u, in);
            CustomerService.changed(unit, customer);
            UserView view = UserView.of(u);
            // The user's own tabs hear about it (and are signed out by the stream if deactivated).
            unit.emit(Rooms.user(userId), "user:updated", Map.of("user", view));
            return view;
        });
    }

    public void delete(UUID customerId, UUID userId, Set<Role> manageable) {
        tx.write(unit -> {
            Customer customer = CustomerService.find(unit.em(), customerId);
            unit.em().remove(findIn(unit.em(), customerId, userId, manageable));
            unit.em().flush();
            CustomerService.changed(unit, customer);
            unit.emit(Rooms.user(userId), "user:deleted", Map.of("userId", userId));
            return null;
        });
    }

    private static User findIn(EntityManager em, UUID customerId, UUID userId, Set<Role> manageable) {
        User u = memberOf(em, customerId, userId);
        if (!manageable.contains(u.getRole())) {
            throw ApiException.forbidden("You cannot manage a user with role " + u.getRole());
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

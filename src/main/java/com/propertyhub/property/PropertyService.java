package com.propertyhub.property;

import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import com.propertyhub.customer.Customer;
import com.propertyhub.customer.Customers;
import com.propertyhub.persistence.Times;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.user.User;
import com.propertyhub.user.UserView;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.Page;
import com.propertyhub.web.Paging;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;

/**
 * A customer's properties, and which tenant rents which. OWNER and MANAGER manage them; a TENANT reads only the
 * property they rent. Creating or deleting one changes the customer's {@code _count.properties}, so it also emits
 * {@code customer:updated} and {@code account:updated}.
 */
public final class PropertyService {
    private final Transactions tx;
    private final Customers customers;

    public PropertyService(Transactions tx, Customers customers) {
        this.tx = tx;
        this.customers = customers;
    }

    /** OWNER/MANAGER: every property of their customer; TENANT: the one they rent (or none). */
    public Page<PropertyView> list(AuthUser caller, Paging paging) {
        return tx.read(em -> {
            if (caller.role() == Role.TENANT) {
                UUID rented = rentedBy(em, caller.id());
                List<PropertyView> items = rented == null || paging.offset() > 0 ? List.of()
                        : List.of(PropertyView.of(em.find(Property.class, rented)));
                return new Page<>(items, rented == null ? 0 : 1, paging.limit(), paging.offset());
            }
            return listOf(em, caller.customerId(), paging);
        });
    }

    /** Admins: any customer's properties (404 for an unknown customer). */
    public Page<PropertyView> listForCustomer(UUID customerId, Paging paging) {
        return tx.read(em -> {
            customers.find(em, customerId);
            return listOf(em, customerId, paging);
        });
    }

    public PropertyView get(AuthUser caller, UUID id) {
        return tx.read(em -> {
            Property p = find(em, caller.customerId(), id);
            if (caller.role() == Role.TENANT && !id.equals(rentedBy(em, caller.id()))) {
                throw ApiException.notFound("property", id);
            }
            return PropertyView.of(p);
        });
    }

    public PropertyView create(UUID customerId, PropertyInput in) {
        return tx.write(unit -> {
            Customer customer = customers.find(unit.em(), customerId);
            Property p = new Property(UUID.randomUUID(), customerId, in.name().trim(), blankToNull(in.address()),
                    in.units() == null ? 1 : in.units(), Times.now());
            unit.em().persist(p);
            PropertyView view = PropertyView.of(p);
            PropertyEvents.created(unit, view);
            customers.touch(unit, customer);
            return view;
        });
    }

    /** PUT and PATCH alike: fields absent from {@code in} keep their value. */
    public PropertyView update(UUID customerId, UUID id, PropertyInput in) {
        return tx.write(unit -> {
            Property p = find(unit.em(), customerId, id);
            if (in.name() != null) {
                p.setName(in.name().trim());
            }
            if (in.address() != null) {
                p.setAddress(blankToNull(in.address()));
            }
            if (in.units() != null) {
                p.setUnits(in.units());
            }
            p.touch(Times.now());
            unit.em().flush();
            PropertyView view = PropertyView.of(p);
            PropertyEvents.updated(unit, view);
            return view;
        });
    }

    /**
     * Deletes the property with its payments; its tenants keep their logins but rent nothing any more, and hear
     * {@code user:updated} like any other end of a tenancy.
     */
    public void delete(UUID customerId, UUID id) {
        tx.write(unit -> {
            Customer customer = customers.find(unit.em(), customerId);
            Property p = find(unit.em(), customerId, id);
            List<User> tenants = PropertyEvents.tenantsOf(unit.em(), id);
            for (User u : tenants) {
                u.setPropertyId(null);
                u.touch(Times.now());
            }
            unit.em().remove(p);
            unit.em().flush();
            PropertyEvents.deleted(unit, customerId, id, tenants);
            for (User u : tenants) {
                PropertyEvents.tenancyChanged(unit, u.privateRoom(), UserView.of(u));
            }
            customers.touch(unit, customer);
            return null;
        });
    }

    /** The TENANT users who rent this property. */
    public Page<UserView> tenants(UUID customerId, UUID id, Paging paging) {
        return tx.read(em -> {
            find(em, customerId, id);
            long total = em.createQuery("select count(u) from User u where u.propertyId = :p", Long.class)
                    .setParameter("p", id).getSingleResult();
            List<UserView> items = em.createQuery(
                            "select u from User u where u.propertyId = :p order by u.createdAt desc, u.id", User.class)
                    .setParameter("p", id).setFirstResult(paging.offset()).setMaxResults(paging.limit())
                    .getResultStream().map(UserView::of).toList();
            return new Page<>(items, total, paging.limit(), paging.offset());
        });
    }

    /**
     * Makes the tenant {@code userId} rent property {@code id} (a tenant rents at most one: this replaces any
     * other). The tenant's own tabs hear {@code user:updated}, so their page shows the new property.
     */
    public UserView assignTenant(UUID customerId, UUID id, UUID userId) {
        return setRented(customerId, id, userId, true);
    }

    /** Ends the tenancy of {@code userId} at property {@code id}; 404 if they do not rent it. */
    public void unassignTenant(UUID customerId, UUID id, UUID userId) {
        setRented(customerId, id, userId, false);
    }

    private UserView setRented(UUID customerId, UUID id, UUID userId, boolean rents) {
        return tx.write(unit -> {
            EntityManager em = unit.em();
            find(em, customerId, id);
            User u = em.find(User.class, userId);
            if (u == null || !customerId.equals(u.getCustomerId())) {
                throw ApiException.notFound("user", userId);
            }
            if (u.getRole() != Role.TENANT) {
                throw ApiException.validation("userId", "must be a tenant");
            }
            if (!rents && !id.equals(u.getPropertyId())) {
                throw ApiException.notFound("tenant of this property", userId);
            }
            u.setPropertyId(rents ? id : null);
            u.touch(Times.now());
            em.flush();
            UserView view = UserView.of(u);
            PropertyEvents.tenancyChanged(unit, u.privateRoom(), view);
            return view;
        });
    }

    /** A property of {@code customerId}; another customer's is as unknown as a missing one (404). */
    public static Property find(EntityManager em, UUID customerId, UUID id) {
        Property p = em.find(Property.class, id);
        if (p == null || !p.getCustomerId().equals(customerId)) {
            throw ApiException.notFound("property", id);
        }
        return p;
    }

    /** The property the user rents, or null. */
    public static UUID rentedBy(EntityManager em, UUID userId) {
        User u = em.find(User.class, userId);
        return u == null ? null : u.getPropertyId();
    }

    private static Page<PropertyView> listOf(EntityManager em, UUID customerId, Paging paging) {
        long total = em.createQuery("select count(p) from Property p where p.customerId = :c", Long.class)
                .setParameter("c", customerId).getSingleResult();
        List<PropertyView> items = em.createQuery(
                        "select p from Property p where p.customerId = :c order by p.createdAt desc, p.id",
                        Property.class)
                .setParameter("c", customerId).setFirstResult(paging.offset()).setMaxResults(paging.limit())
                .getResultStream().map(PropertyView::of).toList();
        return new Page<>(items, total, paging.limit(), paging.offset());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

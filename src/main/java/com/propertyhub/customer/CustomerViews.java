package com.propertyhub.customer;

import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds {@link CustomerView}s with their {@code _count}s, one grouped query per count for a whole page. */
public final class CustomerViews {
    private CustomerViews() {
    }

    public static CustomerView of(EntityManager em, Customer customer) {
        return list(em, List.of(customer)).get(0);
    }

    public static List<CustomerView> list(EntityManager em, List<Customer> customers) {
        if (customers.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = customers.stream().map(Customer::getId).toList();
        Map<UUID, Long> users = counts(em, "select u.customerId, count(u) from User u"
                + " where u.customerId in :ids group by u.customerId", ids);
        Map<UUID, Long> properties = counts(em, "select p.customerId, count(p) from Property p"
                + " where p.customerId in :ids group by p.customerId", ids);
        return customers.stream()
                .map(c -> CustomerView.of(c, new CustomerView.Counts(
                        properties.getOrDefault(c.getId(), 0L), users.getOrDefault(c.getId(), 0L))))
                .toList();
    }

    private static Map<UUID, Long> counts(EntityManager em, String jpql, List<UUID> ids) {
        Map<UUID, Long> result = new HashMap<>();
        for (Object[] row : em.createQuery(jpql, Object[].class).setParameter("ids", ids).getResultList()) {
            result.put((UUID) row[0], (Long) row[1]);
        }
        return result;
    }
}

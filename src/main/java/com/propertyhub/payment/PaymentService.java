package com.propertyhub.payment;

import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import com.propertyhub.persistence.Filter;
import com.propertyhub.persistence.Times;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.property.Property;
import com.propertyhub.property.PropertyService;
import com.propertyhub.user.User;
import com.propertyhub.web.ApiError;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.Page;
import com.propertyhub.web.Paging;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Rent payments. A tenant records their own; an OWNER or MANAGER records one for any tenant of their customer.
 * Either way the payment is for the property the tenant rents, dated within {@link #requirePlausibleDates}.
 * OWNER/MANAGER read all of their customer's payments, a TENANT only their own, and so hear of a new one
 * ({@link PaymentEvents}).
 */
public final class PaymentService {
    static final int FIRST_YEAR = 2000;

    private final Transactions tx;

    public PaymentService(Transactions tx) {
        this.tx = tx;
    }

    public PaymentView record(AuthUser caller, PaymentInput in) {
        requirePlausibleDates(in, Times.now());
        return tx.write(unit -> {
            EntityManager em = unit.em();
            UUID customerId = caller.customerId();
            User tenant = tenantFor(em, caller, in.tenantId());
            UUID propertyId = in.propertyId() != null ? in.propertyId() : tenant.getPropertyId();
            if (propertyId == null) {
                throw ApiException.validation("propertyId", "is required (the tenant rents no property)");
            }
            Property property = PropertyService.find(em, customerId, propertyId);
            if (!propertyId.equals(tenant.getPropertyId())) {
                if (caller.role() == Role.TENANT) {
                    throw ApiException.forbidden("You can only record payments for the property you rent");
                }
                throw ApiException.validation("propertyId", tenant.getPropertyId() == null
                        ? "must be the property the tenant rents (they rent none)"
                        : "must be the property the tenant rents");
            }
            Instant paidAt = in.paidAt() != null ? in.paidAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                    : Times.now();
            String month = in.month() != null ? in.month() : YearMonth.from(paidAt.atZone(ZoneOffset.UTC)).toString();
            // Stored as numeric(12, 2); exact because the input has at most two decimals (@Digits).
            BigDecimal amount = in.amount().setScale(2, RoundingMode.UNNECESSARY);
            String note = in.note() == null || in.note().isBlank() ? null : in.note().trim();
            Payment p = new Payment(UUID.randomUUID(), customerId, property.getId(), tenant.getId(), amount, month,
                    paidAt, note, caller.id(), Times.now());
            em.persist(p);
            em.flush();
            PaymentView view = view(em, p);
            PaymentEvents.received(unit, view, tenant);
            return view;
        });
    }

    public PaymentView get(AuthUser caller, UUID id) {
        return tx.read(em -> {
            Payment p = em.find(Payment.class, id);
            if (p == null || !p.getCustomerId().equals(caller.customerId())
                    || (caller.role() == Role.TENANT && !caller.id().equals(p.getTenantId()))) {
                throw ApiException.notFound("payment", id);
            }
            return view(em, p);
        });
    }

    /** Newest payment first. Filters are optional. */
    public Page<PaymentView> list(AuthUser caller, UUID propertyId, String month, Paging paging) {
        return tx.read(em -> {
            Filter filter = scope(caller, propertyId, month);
            long total = filter.bind(em.createQuery("select count(p) from Payment p" + filter.where(), Long.class))
                    .getSingleResult();
            List<Payment> rows = filter.bind(em.createQuery("select p from Payment p" + filter.where()
                            + " order by p.paidAt desc, p.createdAt desc, p.id", Payment.class))
                    .setFirstResult(paging.offset()).setMaxResults(paging.limit()).getResultList();
            List<PaymentView> items = rows.stream().map(p -> view(em, p)).toList();
            return new Page<>(items, total, paging.limit(), paging.offset());
        });
    }

    /** Sums per property and month over what the caller may read (a tenant: their own payments). */
    public PaymentTotals totals(AuthUser caller, String month) {
        return tx.read(em -> {
            Filter filter = scope(caller, null, month);
            List<Object[]> rows = filter.bind(em.createQuery("select p.propertyId, p.rentMonth, sum(p.amount), count(p)"
                    + " from Payment p" + filter.where() + " group by p.propertyId, p.rentMonth", Object[].class))
                    .getResultList();
            List<PaymentTotals.Row> items = new ArrayList<>();
            BigDecimal amount = BigDecimal.ZERO.setScale(2);
            long payments = 0;
            for (Object[] r : rows) {
                UUID propertyId = (UUID) r[0];
                Property property = em.find(Property.class, propertyId);
                BigDecimal sum = ((BigDecimal) r[2]).setScale(2, RoundingMode.UNNECESSARY);
                long count = ((Number) r[3]).longValue();
                items.add(new PaymentTotals.Row(propertyId, property == null ? null : property.getName(),
                        (String) r[1], sum, count));
                amount = amount.add(sum);
                payments += count;
            }
            items.sort((a, b) -> b.month().compareTo(a.month()) != 0 ? b.month().compareTo(a.month())
                    : String.valueOf(a.propertyName()).compareTo(String.valueOf(b.propertyName())));
            return new PaymentTotals(month, items, amount, payments);
        });
    }

    private static Filter scope(AuthUser caller, UUID propertyId, String month) {
        Filter filter = new Filter().add("p.customerId = :c", "c", caller.customerId());
        if (caller.role() == Role.TENANT) {
            filter.add("p.tenantId = :t", "t", caller.id());
        }
        if (propertyId != null) {
            filter.add("p.propertyId = :p", "p", propertyId);
        }
        if (month != null) {
            filter.add("p.rentMonth = :m", "m", month);
        }
        return filter;
    }

    /**
     * Rent is recorded for the years {@value #FIRST_YEAR} to next year (UTC), both {@code paidAt} and {@code month}:
     * late entries of old rent and rent paid ahead are real, a payment in year 0 or 9999 is a typo that would sit at
     * the top or bottom of every list. Compared as instants, so no date, however far out, fails to convert.
     */
    private static void requirePlausibleDates(PaymentInput in, Instant now) {
        int lastYear = now.atZone(ZoneOffset.UTC).getYear() + 1;
        String rule = "must be in the years " + FIRST_YEAR + " to " + lastYear;
        List<ApiError.Detail> wrong = new ArrayList<>();
        if (in.paidAt() != null
                && (in.paidAt().isBefore(startOf(FIRST_YEAR)) || !in.paidAt().isBefore(startOf(lastYear + 1)))) {
            wrong.add(new ApiError.Detail("paidAt", rule));
        }
        if (in.month() != null && in.month().matches(PaymentInput.MONTH)) {
            int year = YearMonth.parse(in.month()).getYear();
            if (year < FIRST_YEAR || year > lastYear) {
                wrong.add(new ApiError.Detail("month", rule));
            }
        }
        if (!wrong.isEmpty()) {
            throw ApiException.validation(wrong);
        }
    }

    private static Instant startOf(int year) {
        return Year.of(year).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The paying tenant: the caller if a TENANT (who may name only themself), else {@code tenantId}. */
    private static User tenantFor(EntityManager em, AuthUser caller, UUID tenantId) {
        if (caller.role() == Role.TENANT) {
            if (tenantId != null && !tenantId.equals(caller.id())) {
                throw ApiException.forbidden("A tenant can only record their own payments");
            }
            return em.find(User.class, caller.id());
        }
        if (tenantId == null) {
            throw ApiException.validation("tenantId", "is required");
        }
        User u = em.find(User.class, tenantId);
        if (u == null || !caller.customerId().equals(u.getCustomerId())) {
            throw ApiException.notFound("user", tenantId);
        }
        if (u.getRole() != Role.TENANT) {
            throw ApiException.validation("tenantId", "must be a tenant");
        }
        return u;
    }

    private static PaymentView view(EntityManager em, Payment p) {
        Property property = em.find(Property.class, p.getPropertyId());
        User tenant = p.getTenantId() == null ? null : em.find(User.class, p.getTenantId());
        return new PaymentView(p.getId(), p.getCustomerId(), p.getPropertyId(),
                property == null ? null : property.getName(), p.getTenantId(), tenant == null ? null : tenant.getName(),
                p.getAmount().setScale(2, RoundingMode.UNNECESSARY), p.getMonth(), p.getPaidAt(), p.getNote(),
                p.getRecordedBy(), p.getCreatedAt());
    }
}

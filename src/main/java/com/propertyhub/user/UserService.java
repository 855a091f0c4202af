package com.propertyhub.user;

import com.propertyhub.activity.Actor;
import com.propertyhub.activity.Change;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import com.propertyhub.persistence.Filter;
import com.propertyhub.persistence.Times;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.Page;
import com.propertyhub.web.Paging;
import com.propertyhub.web.Sorting;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Internal staff (SUPER_ADMIN, ADMIN, SUPPORT): listing and the SUPER_ADMIN's writes. */
public final class UserService {
    private final Transactions tx;
    private final UserFields fields;

    public UserService(Transactions tx, UserFields fields) {
        this.tx = tx;
        this.fields = fields;
    }

    /** The columns {@code ?sort=} accepts, with what each sorts by (every one indexed, see V7). */
    public static final Map<String, String> SORTS = Sorting.columns("name", "u.nameKey", "email", "u.email",
            "role", "u.role", "createdAt", "u.createdAt");
    public static final String DEFAULT_SORT = "-createdAt";
    /** What a role that is not a staff role is told (in a body's {@code role} or in {@code ?role=}). */
    static final String INTERNAL_ROLE_RULE = "must be SUPER_ADMIN, ADMIN or SUPPORT";

    public Page<UserView> list(String q, Role role, String sort, Paging paging) {
        String orderBy = Sorting.orderBy(sort, DEFAULT_SORT, SORTS, "u.id");
        return tx.read(em -> {
            Filter filter = new Filter().add("u.role in :internal", "internal", List.copyOf(Role.INTERNAL));
            if (q != null && !q.isBlank()) {
                filter.add("(u.nameKey like :q escape '\\' or u.email like :q escape '\\')", "q", Filter.contains(q));
            }
            if (role != null) {
                filter.add("u.role = :role", "role", role);
            }
            long total = filter.bind(em.createQuery("select count(u) from User u" + filter.where(), Long.class))
                    .getSingleResult();
            List<UserView> items = filter.bind(em.createQuery(
                            "select u from User u" + filter.where() + orderBy, User.class))
                    .setFirstResult(paging.offset()).setMaxResults(paging.limit())
                    .getResultStream().map(UserView::of).toList();
            return new Page<>(items, total, paging.limit(), paging.offset());
        });
    }

    /** The staff page's totals: every internal user, the active ones, and the SUPER_ADMINs (active or not). */
    public UserTotals totals() {
        return tx.read(em -> {
            Object[] row = em.createQuery("select count(u), sum(case when u.active = true then 1 else 0 end),"
                            + " sum(case when u.role = :superAdmin then 1 else 0 end)"
                            + " from User u where u.role in :internal", Object[].class)
                    .setParameter("superAdmin", Role.SUPER_ADMIN)
                    .setParameter("internal", List.copyOf(Role.INTERNAL)).getSingleResult();
            return new UserTotals(count(row[0]), count(row[1]), count(row[2]));
        });
    }

    /** A count or a sum of one query's row: a sum over no rows is null. */
    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    public UserView get(UUID id) {
        return tx.read(em -> UserView.of(findInternal(em, id)));
    }

    /** {@code actor}: who creates it, recorded with the event (null: nobody in particular, as at bootstrap). */
    public UserView create(AuthUser actor, UserInput in) {
        requireInternalRole(in.role());
        return tx.write(unit -> {
            User u = new User(UUID.randomUUID(), Times.now());
            fields.apply(unit.em(), u, in);
            unit.em().persist(u);
            UserView view = UserView.of(u);
            UserEvents.created(unit, view, UserFields.actor(unit.em(), actor));
            return view;
        });
    }

    /** PUT and PATCH alike: fields absent from {@code in} keep their value. */
    public UserView update(AuthUser actor, UUID id, UserInput in) {
        if (in.role() != null) {
            requireInternalRole(in.role());
        }
        return tx.write(unit -> {
            if (mayEndASuperAdmin(in)) {
                lockActiveSuperAdmins(unit.em());
            }
            User u = findInternal(unit.em(), id);
            boolean wasActiveSuperAdmin = u.getRole() == Role.SUPER_ADMIN && u.isActive();
            Map<String, String> before = UserEvents.fields(u);
            fields.update(unit, u, in);
            boolean isActiveSuperAdmin = u.getRole() == Role.SUPER_ADMIN && u.isActive();
            if (wasActiveSuperAdmin && !isActiveSuperAdmin) {
                requireAnotherSuperAdmin(unit.em(), u.getId());
            }
            unit.em().flush();
            UserView view = UserView.of(u);
            UserEvents.updated(unit, view, UserFields.actor(unit.em(), actor),
                    Change.between(before, UserEvents.fields(u)));
            return view;
        });
    }

    public void delete(AuthUser actor, UUID id) {
        if (actor.id().equals(id)) {
            throw ApiException.conflict("cannot_delete_self", null, "You cannot delete your own account");
        }
        tx.write(unit -> {
            lockActiveSuperAdmins(unit.em());
            User u = findInternal(unit.em(), id);
            if (u.getRole() == Role.SUPER_ADMIN && u.isActive()) {
                requireAnotherSuperAdmin(unit.em(), u.getId());
            }
            Actor by = UserFields.actor(unit.em(), actor);
            unit.em().remove(u);
            UserEvents.deleted(unit, id, u.getName(), by);
            return null;
        });
    }

    private static User findInternal(EntityManager em, UUID id) {
        User u = em.find(User.class, id);
        if (u == null || !u.getRole().isInternal()) {
            throw ApiException.notFound("user", id);
        }
        return u;
    }

    private static boolean mayEndASuperAdmin(UserInput in) {
        return (in.role() != null && in.role() != Role.SUPER_ADMIN) || Boolean.FALSE.equals(in.isActive());
    }

    /**
     * Locks the rows that {@link #requireAnotherSuperAdmin} counts, before the user is read: two requests that
     * each demote, deactivate or delete one of the last two SUPER_ADMINs then run one after the other, and the
     * second counts what the first committed (a plain count reads before either commits, and both pass). Locked
     * in id order, so two such requests never deadlock; a native query, so only ids are read under the lock.
     */
    private static void lockActiveSuperAdmins(EntityManager em) {
        em.createNativeQuery("select id from users where role = :r and is_active = true order by id for update")
                .setParameter("r", Role.SUPER_ADMIN.name()).getResultList();
    }

    /** Someone must always be able to manage staff: the last active SUPER_ADMIN cannot be removed or demoted. */
    private static void requireAnotherSuperAdmin(EntityManager em, UUID leaving) {
        long others =
                em.createQuery("select count(u) from User u where u.role = :r and u.active = true and u.id <> :id",
                        Long.class)
                .setParameter("r", Role.SUPER_ADMIN).setParameter("id", leaving).getSingleResult();
        if (others == 0) {
            throw ApiException.conflict("last_super_admin", "role", "At least one active " + Role.SUPER_ADMIN.label()
                    + " must remain");
        }
    }

    private static void requireInternalRole(Role role) {
        if (role != null && !role.isInternal()) {
            throw ApiException.validation("role", INTERNAL_ROLE_RULE);
        }
    }
}

package com.propertyhub.user;

import com.propertyhub.activity.Actor;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import com.propertyhub.persistence.Emails;
import com.propertyhub.persistence.Times;
import com.propertyhub.persistence.UnitOfWork;
import com.propertyhub.web.ApiException;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;

/** Copies a {@link UserInput} onto a {@link User}: one place for the rules every kind of user shares. */
public final class UserFields {
    /** What else a change of a user's role does, in the same transaction (the wiring names it). */
    @FunctionalInterface
    public interface RoleChanges {
        void roleChanged(EntityManager em, UUID userId);
    }

    private final PasswordHasher hasher;
    private final RoleChanges roleChanges;

    public UserFields(PasswordHasher hasher, RoleChanges roleChanges) {
        this.hasher = hasher;
        this.roleChanges = roleChanges;
    }

    /** Applies the fields present in {@code in}; the role is checked by the caller. */
    public void apply(EntityManager em, User u, UserInput in) {
        if (in.name() != null) {
            u.setName(in.name().trim());
        }
        if (in.email() != null) {
            String email = Emails.normalize(in.email());
            requireUniqueEmail(em, email, u.getId());
            u.setEmail(email);
        }
        if (in.password() != null) {
            u.setPasswordHash(hasher.hash(in.password()));
        }
        if (in.role() != null && in.role() != u.getRole()) {
            if (u.getRole() != null) {
                roleChanges.roleChanged(em, u.getId());
            }
            u.setRole(in.role());
        }
        if (in.department() != null) {
            u.setDepartment(in.department().isBlank() ? null : in.department().trim());
        }
        if (in.company() != null) {
            u.setCompany(in.company().isBlank() ? null : in.company().trim());
        }
        if (in.permissions() != null) {
            u.setPermissions(in.permissions().stream().distinct().toList());
        }
        if (in.isActive() != null) {
            u.setActive(in.isActive());
        }
        u.touch(Times.now());
    }

    /**
     * Applies {@code in} to an existing user. A new password (the user's own, or one an admin or owner sets)
     * ends all of the user's sessions: whoever knew the old one is signed out everywhere.
     */
    public void update(UnitOfWork unit, User u, UserInput in) {
        apply(unit.em(), u, in);
        if (in.password() != null) {
            UserSessions.end(unit, u.getId());
        }
    }

    /** The caller as a user of the database now (their current name), or null when the account is gone. */
    public static Actor actor(EntityManager em, AuthUser caller) {
        if (caller == null) {
            return null;
        }
        User user = em.find(User.class, caller.id());
        return user == null ? null : new Actor(user.getId(), user.getName(), user.getRole());
    }

    public static User find(EntityManager em, UUID id) {
        User u = em.find(User.class, id);
        if (u == null) {
            throw ApiException.notFound("user", id);
        }
        return u;
    }

    /** A customer's OWNERs and MANAGERs (active or not), in id order: the people its private events reach. */
    public static List<User> staffOf(EntityManager em, UUID customerId) {
        return em.createQuery("select u from User u where u.customerId = :c and u.role in :roles order by u.id",
                        User.class)
                .setParameter("c", customerId).setParameter("roles", List.of(Role.OWNER, Role.MANAGER))
                .getResultList();
    }

    public static User findByEmail(EntityManager em, String email) {
        List<User> users = em.createQuery("select u from User u where u.email = :e", User.class)
                .setParameter("e", Emails.normalize(email)).getResultList();
        return users.isEmpty() ? null : users.get(0);
    }

    private static void requireUniqueEmail(EntityManager em, String email, UUID self) {
        User other = findByEmail(em, email);
        if (other != null && !other.getId().equals(self)) {
            throw ApiException.conflict("email_taken", "email", "A user with this email already exists");
        }
    }
}

package com.propertyhub.identity;

import java.util.EnumSet;
import java.util.Set;

/** Internal staff roles (the "admins") and customer-side roles (each belongs to one customer). */
public enum Role {
    SUPER_ADMIN, ADMIN, SUPPORT, OWNER, MANAGER, TENANT;

    public static final Set<Role> INTERNAL = EnumSet.of(SUPER_ADMIN, ADMIN, SUPPORT);
    public static final Set<Role> CUSTOMER_SIDE = EnumSet.of(OWNER, MANAGER, TENANT);

    /**
     * The one source of the names {@code @RolesAllowed} takes (an annotation needs compile-time constants, which
     * enum constants are not): each role's {@link #name()}, and {@link #ADMINS} for all three internal roles. The
     * style check refuses role names written as string literals in {@code @RolesAllowed}; RoleTest keeps these
     * equal to the enum.
     */
    public static final class Names {
        public static final String SUPER_ADMIN = "SUPER_ADMIN";
        public static final String ADMIN = "ADMIN";
        public static final String SUPPORT = "SUPPORT";
        public static final String OWNER = "OWNER";
        public static final String MANAGER = "MANAGER";
        public static final String TENANT = "TENANT";
        /** The group of the internal roles: SUPER_ADMIN, ADMIN and SUPPORT. */
        public static final String ADMINS = "ADMINS";

        private Names() {
        }
    }

    /** How messages name the role ("Super admin"), as the dashboards do (js/session.js ROLE_LABELS). */
    public String label() {
        String words = name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    public boolean isInternal() {
        return INTERNAL.contains(this);
    }

    public boolean isCustomerSide() {
        return CUSTOMER_SIDE.contains(this);
    }

    /** Parses a role name; {@code null} when it is not one. */
    public static Role parse(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Role.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

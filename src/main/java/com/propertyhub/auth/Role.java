package com.propertyhub.auth;

import java.util.EnumSet;
import java.util.Set;

/** Internal staff roles (the "admins") and customer-side roles (each belongs to one customer). */
public enum Role {
    SUPER_ADMIN, ADMIN, SUPPORT, OWNER, MANAGER, TENANT;

    /** Group name usable in {@code @RolesAllowed} for all three internal roles. */
    public static final String ADMINS = "ADMINS";

    public static final Set<Role> INTERNAL = EnumSet.of(SUPER_ADMIN, ADMIN, SUPPORT);
    public static final Set<Role> CUSTOMER_SIDE = EnumSet.of(OWNER, MANAGER, TENANT);

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

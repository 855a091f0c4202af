package com.propertyhub.auth;

import java.security.Principal;
import java.time.Instant;
import java.util.UUID;

/** Who is calling, as proven by a verified token. */
public record AuthUser(UUID id, Role role, UUID customerId, Instant tokenExpiresAt) implements Principal {

    @Override
    public String getName() {
        return id.toString();
    }

    public boolean isAdmin() {
        return role.isInternal();
    }

    public boolean hasRole(String roleOrGroup) {
        return role.name().equals(roleOrGroup) || (Role.ADMINS.equals(roleOrGroup) && isAdmin());
    }
}

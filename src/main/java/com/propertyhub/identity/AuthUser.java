package com.propertyhub.identity;

import java.security.Principal;
import java.time.Instant;
import java.util.UUID;

/**
 * Who is calling, as proven by a verified token. {@code tokenVersion} is the user's token version when the token
 * was issued: a token older than the user's current version belongs to a session that has ended.
 */
public record AuthUser(UUID id, Role role, UUID customerId, Instant tokenExpiresAt, int tokenVersion)
        implements Principal {

    @Override
    public String getName() {
        return id.toString();
    }

    public boolean isAdmin() {
        return role.isInternal();
    }

    public boolean hasRole(String roleOrGroup) {
        return role.name().equals(roleOrGroup) || (Role.Names.ADMINS.equals(roleOrGroup) && isAdmin());
    }
}

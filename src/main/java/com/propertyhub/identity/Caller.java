package com.propertyhub.identity;

import jakarta.ws.rs.core.SecurityContext;

/** The authenticated caller of a resource method (set by {@code auth.AuthFilter}). */
public final class Caller {
    private Caller() {
    }

    public static AuthUser of(SecurityContext context) {
        return (AuthUser) context.getUserPrincipal();
    }
}

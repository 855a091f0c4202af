package com.propertyhub.auth;

import com.propertyhub.identity.AuthUser;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Set;

/**
 * Authenticates every API request from its bearer token ({@link Authenticator}); only the login itself and the
 * API's description are open. It runs before resource matching, so without a token even an unknown path answers
 * 401 and reveals nothing.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {
    /** The paths, relative to /api, that need no token. */
    public static final Set<String> OPEN_PATHS = Set.of("auth/login", "openapi.json");

    private final Authenticator authenticator;

    public AuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (OPEN_PATHS.contains(path.startsWith("/") ? path.substring(1) : path)) {
            return;
        }
        AuthUser user = authenticator.authenticate(Authenticator.Accepts.BEARER,
                request.getHeaderString(HttpHeaders.AUTHORIZATION), null);
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return user;
            }

            @Override
            public boolean isUserInRole(String role) {
                return user.hasRole(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        });
    }
}

package com.propertyhub.auth;

import com.propertyhub.user.UserView;
import com.propertyhub.web.ClientAddresses;
import com.propertyhub.web.RequestValidator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code /api/auth}: log in, ask who you are, sign out. Allowed whatever the customer's status: a suspended
 * customer's users still sign in, read-only, and sign out.
 */
@AllowedWhileReadOnly
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
public final class AuthResource {
    private final LoginService logins;
    private final RequestValidator validator;
    private final ClientAddresses addresses;

    public AuthResource(LoginService logins, RequestValidator validator, ClientAddresses addresses) {
        this.logins = logins;
        this.validator = validator;
        this.addresses = addresses;
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    public LoginResponse login(LoginRequest body, @Context HttpServletRequest request) {
        validator.validate(body, "email", "password");
        return logins.login(body, addresses.of(request));
    }

    /** 204; ends all of the caller's sessions (every tab and device), see {@link LoginService#logout}. */
    @POST
    @Path("logout")
    public Response logout(@Context SecurityContext security) {
        logins.logout(Caller.of(security));
        return Response.noContent().build();
    }

    @GET
    @Path("me")
    public UserView me(@Context SecurityContext security) {
        return logins.me(Caller.of(security));
    }
}

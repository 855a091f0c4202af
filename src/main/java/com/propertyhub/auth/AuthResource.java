package com.propertyhub.auth;

import com.propertyhub.identity.AllowedWhileReadOnly;
import com.propertyhub.identity.Caller;
import com.propertyhub.user.UserView;
import com.propertyhub.web.ApiError;
import com.propertyhub.web.ClientAddresses;
import com.propertyhub.web.RequestValidator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "auth")
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
    @Operation(operationId = "login", summary = "Log in: a bearer token and the user", responses = {
            @ApiResponse(responseCode = "200", description = "Logged in",
                    content = @Content(schema = @Schema(implementation = LoginResponse.class))),
            @ApiResponse(responseCode = "401", description = "Wrong email or password (the same answer for both)",
                    content = @Content(schema = @Schema(implementation = ApiError.class)))})
    public LoginResponse login(LoginRequest body, @Context HttpServletRequest request) {
        validator.validate(body, "email", "password");
        return logins.login(body, addresses.of(request));
    }

    /** 204; ends all of the caller's sessions (every tab and device), see {@link LoginService#logout}. */
    @POST
    @Path("logout")
    @Operation(operationId = "logout", summary = "Sign out everywhere: ends every session of the caller",
            responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response logout(@Context SecurityContext security) {
        logins.logout(Caller.of(security));
        return Response.noContent().build();
    }

    @GET
    @Path("me")
    @Operation(operationId = "me", summary = "The current user")
    public UserView me(@Context SecurityContext security) {
        return logins.me(Caller.of(security));
    }
}

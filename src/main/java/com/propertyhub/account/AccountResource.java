package com.propertyhub.account;

import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Caller;
import com.propertyhub.identity.Role;
import com.propertyhub.customer.CustomerView;
import com.propertyhub.user.UserInput;
import com.propertyhub.user.UserView;
import com.propertyhub.web.Created;
import com.propertyhub.web.Ids;
import com.propertyhub.web.Page;
import com.propertyhub.web.Paging;
import com.propertyhub.web.RequestValidator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code /api/account}: a customer-side user's own customer. Everyone on the customer reads it; the OWNER
 * updates it and manages its managers and tenants.
 */
@Tag(name = "account")
@Path("account")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.OWNER, Role.Names.MANAGER, Role.Names.TENANT})
public final class AccountResource {
    private static final Set<Role> OWNER_MANAGES = EnumSet.of(Role.MANAGER, Role.TENANT);

    private final AccountService accounts;
    private final CustomerUserService users;
    private final RequestValidator validator;

    public AccountResource(AccountService accounts, CustomerUserService users, RequestValidator validator) {
        this.accounts = accounts;
        this.users = users;
        this.validator = validator;
    }

    @GET
    @Operation(operationId = "getAccount", summary = "The caller's own customer")
    public CustomerView get(@Context SecurityContext security) {
        return accounts.get(Caller.of(security));
    }

    @PUT
    @RolesAllowed(Role.Names.OWNER)
    @Operation(operationId = "updateAccount", summary = "Update the caller's own customer (OWNER)")
    public CustomerView update(AccountInput body, @Context SecurityContext security) {
        validator.validate(body, "company", "owner", "email");
        return accounts.update(Caller.of(security), body);
    }

    @GET
    @Path("users")
    @RolesAllowed({Role.Names.OWNER, Role.Names.MANAGER})
    @Operation(operationId = "listAccountUsers", summary = "List the users of the caller's customer")
    public Page<UserView> listUsers(@Context SecurityContext security,
                                    @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return users.list(Caller.of(security).customerId(), Paging.of(limit, offset));
    }

    @POST
    @Path("users")
    @RolesAllowed(Role.Names.OWNER)
    @Operation(operationId = "createAccountUser", summary = "Create a MANAGER or TENANT of the caller's customer",
            responses = @ApiResponse(responseCode = "201", description = "Created (Location names it)",
                    content = @Content(schema = @Schema(implementation = UserView.class))))
    public Response createUser(UserInput body, @Context SecurityContext security, @Context UriInfo uri) {
        validator.validate(body, "name", "email", "password", "role");
        UserView created = users.create(Caller.of(security).customerId(), body, OWNER_MANAGES);
        return Created.at(uri, created.id(), created);
    }

    /** The {@code Location} of a created user answers a GET too; whoever may list the users may read each. */
    @GET
    @Path("users/{userId}")
    @RolesAllowed({Role.Names.OWNER, Role.Names.MANAGER})
    @Operation(operationId = "getAccountUser", summary = "One user of the caller's customer")
    public UserView getUser(@PathParam("userId") String userId, @Context SecurityContext security) {
        return users.get(Caller.of(security).customerId(), Ids.parse(userId, "user"));
    }

    @PATCH
    @Path("users/{userId}")
    @RolesAllowed(Role.Names.OWNER)
    @Operation(operationId = "updateAccountUser", summary = "Change some fields of a user of the caller's customer")
    public UserView patchUser(@PathParam("userId") String userId, UserInput body, @Context SecurityContext security) {
        validator.validate(body);
        AuthUser owner = Caller.of(security);
        return users.update(owner.customerId(), Ids.parse(userId, "user"), body, OWNER_MANAGES);
    }

    @DELETE
    @Path("users/{userId}")
    @RolesAllowed(Role.Names.OWNER)
    @Operation(operationId = "deleteAccountUser", summary = "Delete a user of the caller's customer",
            responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response deleteUser(@PathParam("userId") String userId, @Context SecurityContext security) {
        users.delete(Caller.of(security).customerId(), Ids.parse(userId, "user"), OWNER_MANAGES);
        return Response.noContent().build();
    }
}

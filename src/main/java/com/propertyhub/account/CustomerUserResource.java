package com.propertyhub.account;

import com.propertyhub.identity.Role;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /api/customers/{id}/users}: admins manage any customer's owners, managers and tenants. */
@Tag(name = "customers")
@Path("customers/{customerId}/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.ADMINS)
public final class CustomerUserResource {
    private final CustomerUserService users;
    private final RequestValidator validator;

    public CustomerUserResource(CustomerUserService users, RequestValidator validator) {
        this.users = users;
        this.validator = validator;
    }

    @GET
    @Operation(operationId = "listCustomerUsers", summary = "List a customer's users")
    public Page<UserView> list(@PathParam("customerId") String customerId,
                               @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return users.list(Ids.parse(customerId, "customer"), Paging.of(limit, offset));
    }

    @POST
    @RolesAllowed({Role.Names.SUPER_ADMIN, Role.Names.ADMIN})
    @Operation(operationId = "createCustomerUser", summary = "Create an OWNER, MANAGER or TENANT of a customer",
            responses = @ApiResponse(responseCode = "201", description = "Created (Location names it)",
                    content = @Content(schema = @Schema(implementation = UserView.class))))
    public Response create(@PathParam("customerId") String customerId, UserInput body, @Context UriInfo uri) {
        validator.validate(body, "name", "email", "password", "role");
        UserView created = users.create(Ids.parse(customerId, "customer"), body, Role.CUSTOMER_SIDE);
        return Created.at(uri, created.id(), created);
    }

    /** The {@code Location} of a created user answers a GET too. */
    @GET
    @Path("{userId}")
    @Operation(operationId = "getCustomerUser", summary = "One user of a customer")
    public UserView get(@PathParam("customerId") String customerId, @PathParam("userId") String userId) {
        return users.get(Ids.parse(customerId, "customer"), Ids.parse(userId, "user"));
    }

    @PATCH
    @Path("{userId}")
    @RolesAllowed({Role.Names.SUPER_ADMIN, Role.Names.ADMIN})
    @Operation(operationId = "updateCustomerUser", summary = "Change some fields of a customer's user")
    public UserView patch(@PathParam("customerId") String customerId, @PathParam("userId") String userId,
                          UserInput body) {
        validator.validate(body);
        return users.update(Ids.parse(customerId, "customer"), Ids.parse(userId, "user"), body, Role.CUSTOMER_SIDE);
    }

    @DELETE
    @Path("{userId}")
    @RolesAllowed({Role.Names.SUPER_ADMIN, Role.Names.ADMIN})
    @Operation(operationId = "deleteCustomerUser", summary = "Delete a customer's user",
            responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response delete(@PathParam("customerId") String customerId, @PathParam("userId") String userId) {
        users.delete(Ids.parse(customerId, "customer"), Ids.parse(userId, "user"), Role.CUSTOMER_SIDE);
        return Response.noContent().build();
    }
}

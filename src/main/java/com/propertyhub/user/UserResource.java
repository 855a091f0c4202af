package com.propertyhub.user;

import com.propertyhub.identity.Caller;
import com.propertyhub.identity.Role;
import com.propertyhub.web.Created;
import com.propertyhub.web.Ids;
import com.propertyhub.web.ListQuery;
import com.propertyhub.web.Page;
import com.propertyhub.web.RequestValidator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
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

/** {@code /api/users}: internal staff. Every admin reads; only SUPER_ADMIN writes (and so changes roles). */
@Tag(name = "users")
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.ADMINS)
public final class UserResource {
    private final UserService users;
    private final RequestValidator validator;

    public UserResource(UserService users, RequestValidator validator) {
        this.users = users;
        this.validator = validator;
    }

    @GET
    @Operation(operationId = "listUsers", summary = "List internal users (?q, ?role, ?sort, ?limit, ?offset)")
    public Page<UserView> list(@QueryParam("role") String role, @BeanParam ListQuery query) {
        Role parsed = ListQuery.choice("role", role, UserResource::internalRole, UserService.INTERNAL_ROLE_RULE);
        return users.list(query.text(), parsed, query.sort(), query.paging());
    }

    @GET
    @Path("totals")
    @Operation(operationId = "userTotals", summary = "How many internal users there are, active, and SUPER_ADMINs")
    public UserTotals totals() {
        return users.totals();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getUser", summary = "One internal user")
    public UserView get(@PathParam("id") String id) {
        return users.get(Ids.parse(id, "user"));
    }

    @POST
    @RolesAllowed(Role.Names.SUPER_ADMIN)
    @Operation(operationId = "createUser", summary = "Create an internal user",
            responses = @ApiResponse(responseCode = "201", description = "Created (Location names it)",
                    content = @Content(schema = @Schema(implementation = UserView.class))))
    public Response create(UserInput body, @Context UriInfo uri, @Context SecurityContext security) {
        validator.validate(body, "name", "email", "password", "role");
        UserView created = users.create(Caller.of(security), body);
        return Created.at(uri, created.id(), created);
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Role.Names.SUPER_ADMIN)
    @Operation(operationId = "replaceUser", summary = "Replace an internal user")
    public UserView replace(@PathParam("id") String id, UserInput body, @Context SecurityContext security) {
        validator.validate(body, "name", "email", "role");
        return users.update(Caller.of(security), Ids.parse(id, "user"), body);
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed(Role.Names.SUPER_ADMIN)
    @Operation(operationId = "updateUser", summary = "Change some fields of an internal user")
    public UserView patch(@PathParam("id") String id, UserInput body, @Context SecurityContext security) {
        validator.validate(body);
        return users.update(Caller.of(security), Ids.parse(id, "user"), body);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Role.Names.SUPER_ADMIN)
    @Operation(operationId = "deleteUser", summary = "Delete an internal user",
            responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        users.delete(Caller.of(security), Ids.parse(id, "user"));
        return Response.noContent().build();
    }

    private static Role internalRole(String name) {
        Role role = Role.parse(name);
        return role != null && role.isInternal() ? role : null;
    }
}

package com.propertyhub.property;

import com.propertyhub.identity.Caller;
import com.propertyhub.identity.Role;
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
import java.util.UUID;

/**
 * {@code /api/properties}: the caller's own customer's properties. OWNER and MANAGER read and write them and
 * say which tenant rents which; a TENANT reads only the property they rent.
 */
@Tag(name = "properties")
@Path("properties")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.OWNER, Role.Names.MANAGER})
public final class PropertyResource {
    private final PropertyService properties;
    private final RequestValidator validator;

    public PropertyResource(PropertyService properties, RequestValidator validator) {
        this.properties = properties;
        this.validator = validator;
    }

    @GET
    @RolesAllowed({Role.Names.OWNER, Role.Names.MANAGER, Role.Names.TENANT})
    @Operation(operationId = "listProperties", summary = "List the properties the caller may see")
    public Page<PropertyView> list(@Context SecurityContext security,
                                   @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return properties.list(Caller.of(security), Paging.of(limit, offset));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Role.Names.OWNER, Role.Names.MANAGER, Role.Names.TENANT})
    @Operation(operationId = "getProperty", summary = "One property")
    public PropertyView get(@PathParam("id") String id, @Context SecurityContext security) {
        return properties.get(Caller.of(security), Ids.parse(id, "property"));
    }

    @POST
    @Operation(operationId = "createProperty", summary = "Add a property",
            responses = @ApiResponse(responseCode = "201", description = "Created (Location names it)",
                    content = @Content(schema = @Schema(implementation = PropertyView.class))))
    public Response create(PropertyInput body, @Context SecurityContext security, @Context UriInfo uri) {
        validator.validate(body, "name");
        PropertyView created = properties.create(customer(security), body);
        return Created.at(uri, created.id(), created);
    }

    @PUT
    @Path("{id}")
    @Operation(operationId = "replaceProperty", summary = "Replace a property")
    public PropertyView replace(@PathParam("id") String id, PropertyInput body, @Context SecurityContext security) {
        validator.validate(body, "name", "units");
        return properties.update(customer(security), Ids.parse(id, "property"), body);
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "updateProperty", summary = "Change some fields of a property")
    public PropertyView patch(@PathParam("id") String id, PropertyInput body, @Context SecurityContext security) {
        validator.validate(body);
        return properties.update(customer(security), Ids.parse(id, "property"), body);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteProperty", summary = "Remove a property (ends its tenancies, deletes its payments)",
            responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        properties.delete(customer(security), Ids.parse(id, "property"));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/tenants")
    @Operation(operationId = "listPropertyTenants", summary = "The tenants who rent a property")
    public Page<UserView> tenants(@PathParam("id") String id, @Context SecurityContext security,
                                  @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return properties.tenants(customer(security), Ids.parse(id, "property"), Paging.of(limit, offset));
    }

    /** Makes the tenant rent this property (idempotent); answers the tenant. No body. */
    @PUT
    @Path("{id}/tenants/{userId}")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "assignTenant", summary = "Start a tenancy: the tenant rents this property (no body)")
    public UserView assignTenant(@PathParam("id") String id, @PathParam("userId") String userId,
                                 @Context SecurityContext security) {
        return properties.assignTenant(customer(security), Ids.parse(id, "property"), Ids.parse(userId, "user"));
    }

    @DELETE
    @Path("{id}/tenants/{userId}")
    @Operation(operationId = "unassignTenant", summary = "End a tenancy",
            responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response unassignTenant(@PathParam("id") String id, @PathParam("userId") String userId,
                                   @Context SecurityContext security) {
        properties.unassignTenant(customer(security), Ids.parse(id, "property"), Ids.parse(userId, "user"));
        return Response.noContent().build();
    }

    private static UUID customer(SecurityContext security) {
        return Caller.of(security).customerId();
    }
}

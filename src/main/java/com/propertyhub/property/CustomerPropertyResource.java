package com.propertyhub.property;

import com.propertyhub.identity.Role;
import com.propertyhub.web.Ids;
import com.propertyhub.web.Page;
import com.propertyhub.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/customers/{id}/properties}: every admin reads any customer's properties. */
@Tag(name = "customers")
@Path("customers/{customerId}/properties")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.ADMINS)
public final class CustomerPropertyResource {
    private final PropertyService properties;

    public CustomerPropertyResource(PropertyService properties) {
        this.properties = properties;
    }

    @GET
    @Operation(operationId = "listCustomerProperties", summary = "Any customer's properties (admins)")
    public Page<PropertyView> list(@PathParam("customerId") String customerId,
                                   @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return properties.listForCustomer(Ids.parse(customerId, "customer"), Paging.of(limit, offset));
    }
}

package com.propertyhub.customer;

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

/** {@code /api/customers}: every admin reads; SUPER_ADMIN and ADMIN write. */
@Tag(name = "customers")
@Path("customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.ADMINS)
public final class CustomerResource {
    private static final String[] REQUIRED_ON_CREATE = {"company", "owner", "email", "plan", "plan.name",
            "plan.monthlyPrice"};
    private static final String[] REQUIRED_ON_REPLACE = {"company", "owner", "email", "status", "plan", "plan.name",
        "plan.monthlyPrice"};

    private final CustomerService customers;
    private final RequestValidator validator;

    public CustomerResource(CustomerService customers, RequestValidator validator) {
        this.customers = customers;
        this.validator = validator;
    }

    @GET
    @Operation(operationId = "listCustomers", summary = "List customers (?q, ?status, ?sort, ?limit, ?offset)")
    public Page<CustomerView> list(@QueryParam("status") String status, @BeanParam ListQuery query) {
        CustomerStatus parsed = ListQuery.choice("status", status, CustomerStatus::parse,
                "must be one of active, trial, suspended, cancelled");
        return customers.list(query.text(), parsed, query.sort(), query.paging());
    }

    @GET
    @Path("totals")
    @Operation(operationId = "customerTotals",
            summary = "How many customers there are, with their properties and users")
    public CustomerTotals totals() {
        return customers.totals();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getCustomer", summary = "One customer")
    public CustomerView get(@PathParam("id") String id) {
        return customers.get(Ids.parse(id, "customer"));
    }

    @POST
    @RolesAllowed({Role.Names.SUPER_ADMIN, Role.Names.ADMIN})
    @Operation(operationId = "createCustomer", summary = "Create a customer",
            responses = @ApiResponse(responseCode = "201", description = "Created (Location names it)",
                    content = @Content(schema = @Schema(implementation = CustomerView.class))))
    public Response create(CustomerInput body, @Context UriInfo uri, @Context SecurityContext security) {
        validator.validate(body, REQUIRED_ON_CREATE);
        CustomerView created = customers.create(Caller.of(security), body);
        return Created.at(uri, created.id(), created);
    }

    @PUT
    @Path("{id}")
    @RolesAllowed({Role.Names.SUPER_ADMIN, Role.Names.ADMIN})
    @Operation(operationId = "replaceCustomer", summary = "Replace a customer")
    public CustomerView replace(@PathParam("id") String id, CustomerInput body, @Context SecurityContext security) {
        validator.validate(body, REQUIRED_ON_REPLACE);
        return customers.update(Caller.of(security), Ids.parse(id, "customer"), body);
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed({Role.Names.SUPER_ADMIN, Role.Names.ADMIN})
    @Operation(operationId = "updateCustomer", summary = "Change some fields of a customer")
    public CustomerView patch(@PathParam("id") String id, CustomerInput body, @Context SecurityContext security) {
        validator.validate(body);
        return customers.update(Caller.of(security), Ids.parse(id, "customer"), body);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Role.Names.SUPER_ADMIN, Role.Names.ADMIN})
    @Operation(operationId = "deleteCustomer", summary = "Delete a customer with its users and properties",
            responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        customers.delete(Caller.of(security), Ids.parse(id, "customer"));
        return Response.noContent().build();
    }
}

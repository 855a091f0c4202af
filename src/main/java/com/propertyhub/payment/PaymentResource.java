package com.propertyhub.payment;

import com.propertyhub.identity.Caller;
import com.propertyhub.identity.Role;
import com.propertyhub.web.ApiException;
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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
 * {@code /api/payments}: rent payments of the caller's customer. Every customer-side role records and reads;
 * the service limits a TENANT to their own.
 */
@Tag(name = "payments")
@Path("payments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.OWNER, Role.Names.MANAGER, Role.Names.TENANT})
public final class PaymentResource {
    private final PaymentService payments;
    private final RequestValidator validator;

    public PaymentResource(PaymentService payments, RequestValidator validator) {
        this.payments = payments;
        this.validator = validator;
    }

    @GET
    @Operation(operationId = "listPayments",
            summary = "List payments (?propertyId, ?month, ?limit, ?offset), newest paidAt first")
    public Page<PaymentView> list(@Context SecurityContext security, @QueryParam("propertyId") String propertyId,
                                  @QueryParam("month") String month,
                                  @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return payments.list(Caller.of(security), propertyParam(propertyId), monthParam(month),
                Paging.of(limit, offset));
    }

    @GET
    @Path("totals")
    @Operation(operationId = "paymentTotals", summary = "Totals per property (?month, or every month)")
    public PaymentTotals totals(@Context SecurityContext security, @QueryParam("month") String month) {
        return payments.totals(Caller.of(security), monthParam(month));
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getPayment", summary = "One payment")
    public PaymentView get(@PathParam("id") String id, @Context SecurityContext security) {
        return payments.get(Caller.of(security), Ids.parse(id, "payment"));
    }

    @POST
    @Operation(operationId = "recordPayment", summary = "Record a rent payment",
            responses = @ApiResponse(responseCode = "201", description = "Created (Location names it)",
                    content = @Content(schema = @Schema(implementation = PaymentView.class))))
    public Response create(PaymentInput body, @Context SecurityContext security, @Context UriInfo uri) {
        validator.validate(body, "amount");
        PaymentView created = payments.record(Caller.of(security), body);
        return Created.at(uri, created.id(), created);
    }

    private static String monthParam(String month) {
        if (month == null || month.isBlank()) {
            return null;
        }
        if (!month.matches(PaymentInput.MONTH)) {
            throw ApiException.invalidParameter("month", "must be a month like 2026-11");
        }
        return month;
    }

    private static UUID propertyParam(String propertyId) {
        if (propertyId == null || propertyId.isBlank()) {
            return null;
        }
        return Ids.query(propertyId.trim(), "propertyId", "must be a property id");
    }
}

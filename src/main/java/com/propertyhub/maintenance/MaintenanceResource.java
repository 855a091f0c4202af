package com.propertyhub.maintenance;

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
import jakarta.ws.rs.PATCH;
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

/**
 * {@code /api/maintenance}: customer-side users open requests and comment on them; OWNERs and MANAGERs see
 * all of their customer's requests and change status and assignee; a TENANT sees only their own.
 */
@Tag(name = "maintenance")
@Path("maintenance")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.OWNER, Role.Names.MANAGER, Role.Names.TENANT})
public final class MaintenanceResource {
    private final MaintenanceService maintenance;
    private final RequestValidator validator;

    public MaintenanceResource(MaintenanceService maintenance, RequestValidator validator) {
        this.maintenance = maintenance;
        this.validator = validator;
    }

    @GET
    @Operation(operationId = "listMaintenanceRequests",
            summary = "List maintenance requests (?status, ?limit, ?offset)")
    public Page<MaintenanceViews.Request> list(@QueryParam("status") String status, @QueryParam("limit") String limit,
                                               @QueryParam("offset") String offset, @Context SecurityContext security) {
        MaintenanceStatus parsed = null;
        if (status != null && !status.isBlank()) {
            parsed = MaintenanceStatus.parse(status);
            if (parsed == null) {
                throw ApiException.invalidParameter("status", "must be one of open, in_progress, resolved, closed");
            }
        }
        return maintenance.list(Caller.of(security), parsed, Paging.of(limit, offset));
    }

    @POST
    @Operation(operationId = "createMaintenanceRequest", summary = "Report what needs fixing",
            responses = @ApiResponse(responseCode = "201", description = "Created (Location names it)",
                    content = @Content(schema = @Schema(implementation = MaintenanceViews.Request.class))))
    public Response create(MaintenanceInput body, @Context SecurityContext security, @Context UriInfo uri) {
        validator.validate(body, "title", "description");
        MaintenanceViews.Request created = maintenance.create(Caller.of(security), body);
        return Created.at(uri, created.id(), created);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getMaintenanceRequest", summary = "One request, with its comments")
    public MaintenanceViews.Request get(@PathParam("id") String id, @Context SecurityContext security) {
        return maintenance.get(Caller.of(security), Ids.parse(id, "maintenance request"));
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed({Role.Names.OWNER, Role.Names.MANAGER})
    @Operation(operationId = "changeMaintenanceRequest", summary = "Change a request's status or assignee")
    public MaintenanceViews.Request change(@PathParam("id") String id, MaintenanceChange body,
                                           @Context SecurityContext security) {
        validator.validate(body);
        return maintenance.change(Caller.of(security), Ids.parse(id, "maintenance request"), body);
    }

    @POST
    @Path("{id}/comments")
    @Operation(operationId = "commentOnMaintenanceRequest", summary = "Comment on a request",
            responses = @ApiResponse(responseCode = "201", description = "Created (Location names it)",
                    content = @Content(schema = @Schema(implementation = MaintenanceViews.Comment.class))))
    public Response comment(@PathParam("id") String id, CommentInput body, @Context SecurityContext security,
                            @Context UriInfo uri) {
        validator.validate(body, "body");
        MaintenanceViews.Comment created = maintenance.comment(Caller.of(security),
                Ids.parse(id, "maintenance request"), body);
        return Created.at(uri, created.id(), created);
    }

    /** A transient "is typing" signal; 204, or 429 when sent more often than 5 times a second. */
    @POST
    @Path("{id}/typing")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "signalTyping",
            summary = "Tell the others on a request that the caller is typing (transient)",
            responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response typing(@PathParam("id") String id, @Context SecurityContext security) {
        maintenance.typing(Caller.of(security), Ids.parse(id, "maintenance request"));
        return Response.noContent().build();
    }
}

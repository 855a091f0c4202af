package com.propertyhub.openapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/openapi.json}: this API's OpenAPI 3.1 description, open to anyone (AuthFilter lets it through). */
@Path("openapi.json")
@Tag(name = "api")
public final class OpenApiResource {
    private final OpenApiDocument document;

    public OpenApiResource(OpenApiDocument document) {
        this.document = document;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "This OpenAPI document", responses = @ApiResponse(responseCode = "200",
            description = "OpenAPI 3.1, with the event catalog as x-events",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object"))))
    public String document(@Context HttpServletRequest request) {
        return document.json(request.getContextPath());
    }
}

package com.propertyhub.openapi;

import com.propertyhub.health.Health;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.List;

/**
 * The endpoints served by servlets of their own rather than by the JAX-RS application (AppContextListener): the
 * event stream, the health checks and the Prometheus metrics. Nothing to scan there, so they are described here.
 */
final class ServletEndpoints {
    private ServletEndpoints() {
    }

    static void addTo(OpenAPI doc, Schemas schemas) {
        doc.getPaths().addPathItem(OpenApiDocument.API_ROOT + "/events", new PathItem().get(eventStream()));
        Schema<?> report = schemas.of(Health.Report.class);
        doc.getPaths().addPathItem("/health", new PathItem().get(open("health", "The health report",
                "200 while up or degraded (Redis down, or not delivering to this node), 503 when the database is down.",
                report, "503")));
        Schema<?> status = Schemas.type("object").addProperty("status",
                new Schema<String>().types(java.util.Set.of("string"))._enum(List.of("up", "down")))
                .required(List.of("status"));
        doc.getPaths().addPathItem("/health/live",
                new PathItem().get(open("healthLive", "Liveness: the process answers",
                null, status)));
        doc.getPaths().addPathItem("/health/ready", new PathItem().get(open("healthReady",
                "Readiness: the database is reachable", "503 when it is not.", status, "503")));
        doc.getPaths().addPathItem("/metrics", new PathItem().get(metrics()));
    }

    private static Operation eventStream() {
        ApiResponses responses = new ApiResponses()
                .addApiResponse("200", new ApiResponse()
                        .description("A stream of server-sent events (WHATWG format): retry:, then ready, then the "
                                + "replay after Last-Event-ID and the live events the caller may see, with a ': ping' "
                                + "comment while idle. The events and their data are listed under x-events.")
                        .content(new Content().addMediaType("text/event-stream",
                                new MediaType().schema(Schemas.type("string")))));
        List.of("400", "401", "403", "429", "503").forEach(status ->
                responses.addApiResponse(status, new ApiResponse().$ref("#/components/responses/" + status)));
        return new Operation()
                .operationId("openEventStream")
                .addTagsItem("events")
                .summary("Open the event stream")
                .description("Authenticated by Authorization: Bearer <token> (servers, curl) or ?ticket= (a one-time "
                        + "ticket from POST /api/auth/stream-ticket, for a browser's EventSource). Rooms come from "
                        + "the token only. End it with DELETE /api/events/{connectionId}.")
                .security(List.of(new SecurityRequirement().addList(OpenApiDocument.BEARER), new SecurityRequirement()))
                .parameters(List.<Parameter>of(
                        new QueryParameter().name("ticket").description("A one-time stream ticket, instead of a "
                                + "bearer token").schema(Schemas.type("string")),
                        new QueryParameter().name("events").description("Only events matching these names, comma "
                                + "separated; * matches within a name (customer:*,account:updated)")
                                .schema(Schemas.type("string")),
                        new QueryParameter().name("lastEventId").description("Resume after this event id, as "
                                + "Last-Event-ID (for a client that cannot send headers)")
                                .schema(Schemas.type("string")),
                        new HeaderParameter().name("Last-Event-ID").description("Resume after this event id: the "
                                + "missed events first, in order, then live; resync when the log no longer has it")
                                .schema(Schemas.type("string")),
                        new HeaderParameter().name("Accept")
                        .schema(new Schema<String>().types(java.util.Set.of("string"))
                                ._default("text/event-stream"))))
                .responses(responses);
    }

    private static Operation open(String operationId, String summary, String description, Schema<?> answer,
                                  String... errors) {
        ApiResponses responses = new ApiResponses().addApiResponse("200",
                new ApiResponse().description("OK").content(Schemas.json(answer)));
        for (String status : errors) {
            responses.addApiResponse(status, new ApiResponse().description("Down").content(Schemas.json(answer)));
        }
        return new Operation().addTagsItem("health").operationId(operationId).summary(summary).description(description)
                .security(List.of()).responses(responses);
    }

    private static Operation metrics() {
        ApiResponses responses = new ApiResponses()
                .addApiResponse("200", new ApiResponse().description("Prometheus text format")
                        .content(new Content().addMediaType("text/plain; version=0.0.4",
                                new MediaType().schema(Schemas.type("string")))));
        List.of("401", "403", "503").forEach(status ->
                responses.addApiResponse(status, new ApiResponse().$ref("#/components/responses/" + status)));
        return new Operation().addTagsItem("ops").operationId("metrics").summary("Prometheus metrics")
                .description("A SUPER_ADMIN's or ADMIN's bearer token, or the METRICS_TOKEN as a bearer token.")
                .responses(responses);
    }
}
